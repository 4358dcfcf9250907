-- Default rows of the SHARED database. Idempotent.

insert into notification_templates (code, name, category, channel, subject, body, variables) values
    ('user.welcome', 'Bienvenue', 'utilisateur', 'email', 'Bienvenue sur TopSteel ERP',
     'Bonjour {{prenom}}, votre compte {{email}} est prêt.', '["prenom", "email"]'),
    ('user.password_reset', 'Réinitialisation du mot de passe', 'utilisateur', 'email', 'Réinitialisation de votre mot de passe',
     'Bonjour {{prenom}}, suivez ce lien pour choisir un nouveau mot de passe : {{lien}}', '["prenom", "lien"]'),
    ('societe.provisioned', 'Société créée', 'system', 'in_app', 'Société {{nom}} créée',
     'La société {{nom}} ({{code}}) et sa base de données sont prêtes.', '["nom", "code"]'),
    ('stock.low', 'Stock bas', 'stock', 'in_app', 'Stock bas : {{materiau}}',
     'Le stock de {{materiau}} sur le site {{site}} est passé sous le seuil ({{quantite}}).', '["materiau", "site", "quantite"]'),
    ('projet.milestone', 'Jalon de projet', 'projet', 'in_app', 'Jalon atteint : {{projet}}',
     'Le projet {{projet}} a atteint le jalon {{jalon}}.', '["projet", "jalon"]'),
    ('production.order_late', 'Ordre de fabrication en retard', 'production', 'push', 'OF {{numero}} en retard',
     'L''ordre de fabrication {{numero}} devait finir le {{date}}.', '["numero", "date"]'),
    ('maintenance.due', 'Maintenance à prévoir', 'maintenance', 'in_app', 'Maintenance : {{equipement}}',
     'La maintenance de {{equipement}} est prévue le {{date}}.', '["equipement", "date"]'),
    ('facturation.invoice_overdue', 'Facture impayée', 'facturation', 'email', 'Facture {{numero}} échue',
     'La facture {{numero}} de {{client}} est échue depuis le {{date}}.', '["numero", "client", "date"]'),
    ('sauvegarde.failed', 'Échec de sauvegarde', 'sauvegarde', 'email', 'Échec de la sauvegarde',
     'La sauvegarde de {{base}} a échoué : {{erreur}}', '["base", "erreur"]'),
    ('security.alert', 'Alerte de sécurité', 'system', 'email', 'Alerte de sécurité',
     'Une connexion inhabituelle à votre compte a été détectée depuis {{adresse}}.', '["adresse"]')
on conflict (code) do nothing;

insert into notification_rules (code, name, event_type, template_id, conditions)
select rule.code, rule.name, rule.event_type, t.id, rule.conditions::jsonb
from (values
    ('welcome-new-user', 'Accueil des nouveaux utilisateurs', 'user.created', 'user.welcome', '{}'),
    ('notify-societe-provisioned', 'Société prête', 'societe.provisioned', 'societe.provisioned', '{}'),
    ('stock-below-threshold', 'Stock sous le seuil', 'stock.updated', 'stock.low', '{"belowThreshold": true}'),
    ('late-production-orders', 'OF en retard', 'production.checked', 'production.order_late', '{"late": true}')
) as rule (code, name, event_type, template_code, conditions)
join notification_templates t on t.code = rule.template_code
on conflict (code) do nothing;

insert into menu_configurations (code, name, description, is_default)
values ('default', 'Menu par défaut', 'Menu système de TopSteel ERP', true)
on conflict (code) do nothing;

insert into menu_items (configuration_id, code, title, icon, route, order_index, permission)
select c.id, item.code, item.title, item.icon, item.route, item.order_index, item.permission
from (values
    ('dashboard', 'Tableau de bord', 'layout-dashboard', '/dashboard', 10, null),
    ('clients', 'Clients', 'users', '/clients', 20, 'clients.read'),
    ('fournisseurs', 'Fournisseurs', 'truck', '/fournisseurs', 30, 'fournisseurs.read'),
    ('stocks', 'Matériaux / Stocks', 'package', '/stocks', 40, 'stocks.read'),
    ('projets', 'Projets', 'folder-kanban', '/projets', 50, 'projets.read'),
    ('production', 'Production', 'factory', '/production', 60, 'production.read'),
    ('qualite', 'Qualité', 'badge-check', '/qualite', 70, 'qualite.read'),
    ('facturation', 'Facturation', 'receipt', '/facturation', 80, 'facturation.read'),
    ('query-builder', 'Query Builder', 'database', '/query-builder', 90, 'query_builder.read'),
    ('administration', 'Administration', 'settings', '/admin', 100, 'admin')
) as item (code, title, icon, route, order_index, permission)
cross join menu_configurations c
where c.code = 'default'
on conflict (configuration_id, code) do nothing;

insert into menu_items (configuration_id, parent_id, code, title, icon, route, order_index, permission)
select c.id, parent.id, item.code, item.title, item.icon, item.route, item.order_index, 'admin'
from (values
    ('admin-users', 'Utilisateurs', 'user-cog', '/admin/users', 10),
    ('admin-societes', 'Sociétés', 'building-2', '/admin/societes', 20),
    ('admin-parameters', 'Paramètres', 'sliders-horizontal', '/admin/parameters', 30),
    ('admin-notifications', 'Notifications', 'bell', '/admin/notifications', 40)
) as item (code, title, icon, route, order_index)
cross join menu_configurations c
join menu_items parent on parent.configuration_id = c.id and parent.code = 'administration'
where c.code = 'default'
on conflict (configuration_id, code) do nothing;

insert into system_parameters (key, value, type, category, description) values
    ('app_name', 'TopSteel ERP', 'string', 'general', 'Nom de l''application'),
    ('default_language', 'fr', 'string', 'general', 'Langue par défaut'),
    ('default_timezone', 'Europe/Paris', 'string', 'general', 'Fuseau horaire par défaut'),
    ('default_currency', 'EUR', 'string', 'financial', 'Devise par défaut'),
    ('default_date_format', 'DD/MM/YYYY', 'string', 'general', 'Format de date par défaut'),
    ('session_timeout_minutes', '480', 'number', 'security', 'Durée d''une session'),
    ('password_min_length', '8', 'number', 'security', 'Longueur minimale des mots de passe'),
    ('max_upload_size_mb', '25', 'number', 'system', 'Taille maximale d''un fichier envoyé'),
    ('maintenance_mode', 'false', 'boolean', 'system', 'Mode maintenance')
on conflict (key) do nothing;

insert into system_settings (section, key, value) values
    ('security', 'password_policy', '{"minLength": 8, "requireUppercase": true, "requireDigit": true, "requireSpecial": true, "maxAgeDays": 90}'),
    ('email', 'sender', '{"name": "TopSteel ERP", "address": "no-reply@topsteel.local"}')
on conflict (section, key) do nothing;

insert into shared_materials (code, name, family, grade, density, description) values
    ('S235JR', 'Acier S235JR', 'ACIER', 'S235JR', 7.850, 'Acier de construction non allié'),
    ('S355J2', 'Acier S355J2', 'ACIER', 'S355J2', 7.850, 'Acier de construction à haute limite élastique'),
    ('304L', 'Inox 304L', 'INOX', '1.4307', 7.900, 'Acier inoxydable austénitique'),
    ('316L', 'Inox 316L', 'INOX', '1.4404', 8.000, 'Acier inoxydable austénitique au molybdène'),
    ('6060', 'Aluminium 6060', 'ALUMINIUM', 'EN AW-6060', 2.700, 'Alliage d''aluminium pour profilés'),
    ('CU-ETP', 'Cuivre Cu-ETP', 'CUIVRE', 'CW004A', 8.940, 'Cuivre électrolytique'),
    ('CUZN37', 'Laiton CuZn37', 'LAITON', 'CW508L', 8.440, 'Laiton pour formage à froid')
on conflict (code) do nothing;

insert into shared_quality_standards (reference, title, scope) values
    ('EN 10025-2', 'Produits laminés à chaud en aciers de construction non alliés', 'Matériaux'),
    ('EN 1090-2', 'Exécution des structures en acier', 'Fabrication'),
    ('ISO 9001', 'Systèmes de management de la qualité', 'Organisation'),
    ('EN 10088-2', 'Aciers inoxydables : tôles et bandes', 'Matériaux')
on conflict (reference) do nothing;
