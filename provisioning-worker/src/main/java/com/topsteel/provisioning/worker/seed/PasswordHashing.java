package com.topsteel.provisioning.worker.seed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt hashes of initial passwords, computed on threads of their own (one per core: it is CPU
 * work), so a caller can start them and wait on PostgreSQL meanwhile. Daemon threads: a stopping
 * worker never waits on them.
 */
@Component
class PasswordHashing implements DisposableBean {

    private final BCryptPasswordEncoder encoder;
    private final ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            task -> {
                Thread thread = new Thread(task, "password-hashing");
                thread.setDaemon(true);
                return thread;
            });

    PasswordHashing(DefaultUserPasswords passwords) {
        this.encoder = new BCryptPasswordEncoder(passwords.bcryptStrength());
    }

    CompletableFuture<String> hash(String password) {
        return CompletableFuture.supplyAsync(() -> encoder.encode(password), threads);
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
