package com.topsteel.provisioning.gateway.web;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import tools.jackson.databind.json.JsonMapper;

/** The gateway's JsonMapper as Boot builds it: api-gateway.yml's {@code spring.jackson.*}, then {@link StrictJson}. */
public final class GatewayJsonMapper {

    private static final JsonMapper MAPPER = build();

    private GatewayJsonMapper() {
    }

    public static JsonMapper get() {
        return MAPPER;
    }

    private static JsonMapper build() {
        AtomicReference<JsonMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.name=api-gateway")
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(StrictJson.class)
                .run(context -> mapper.set(context.getBean(JsonMapper.class)));
        return mapper.get();
    }
}
