-- The sealed value carries its own salt (SecretBox's salt:ciphertext): the separate column is dead.
alter table provisioning.job_secrets drop column salt;
