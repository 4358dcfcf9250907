package com.topsteel.provisioning.infrastructure.secrets;

import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * Encrypts small secrets at rest (AES-256-GCM, key derived from {@code provisioning.secrets.key}
 * with a random salt per secret); the sealed form is {@code salt:ciphertext}.
 */
public class SecretBox {

    private final String key;

    public SecretBox(String key) {
        this.key = key;
    }

    public String seal(String secret) {
        String salt = KeyGenerators.string().generateKey();
        return salt + ":" + Encryptors.delux(key, salt).encrypt(secret);
    }

    public String open(String sealed) {
        int colon = sealed.indexOf(':');
        return Encryptors.delux(key, sealed.substring(0, colon)).decrypt(sealed.substring(colon + 1));
    }
}
