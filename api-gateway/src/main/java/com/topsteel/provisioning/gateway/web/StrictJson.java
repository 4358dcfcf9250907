package com.topsteel.provisioning.gateway.web;

import java.util.function.Consumer;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON read strictly: a value of the wrong JSON type is refused, never converted. No number for
 * a text ({@code "code": 424242}), no text, fraction or boolean for a whole number
 * ({@code "maxUsers": "10"}, {@code 5.7}), no number for an enum ({@code "plan": 1} would pick
 * by position), no key twice in one object (the last one silently won). Added to Boot's own
 * mapper, so {@code spring.jackson.*} still applies. That mapper also writes every response and
 * reads back what it wrote itself (a job's accepted request, a société's configuration), which
 * strictness does not touch.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictReading() {
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new SimpleModule("strict-strings").addDeserializer(String.class, new OneString()))
                .withCoercionConfig(LogicalType.Textual,
                        refuse(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, refuse(CoercionInputShape.String, CoercionInputShape.EmptyString,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float,
                        refuse(CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, refuse(CoercionInputShape.String, CoercionInputShape.EmptyString,
                        CoercionInputShape.Integer, CoercionInputShape.Float))
                .withCoercionConfig(LogicalType.Enum,
                        refuse(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.EmptyString));
    }

    /**
     * Jackson's own reader of a list of texts (3.1), met with an array where a text belongs
     * ({@code "modules": ["a", ["b", "c"]]}), reads "b" as the element and loses its place: the
     * keys after the list land in the enclosing object. Given any text reader but its own, it
     * reads each element through it, which refuses the array.
     */
    static final class OneString extends StringDeserializer {
    }

    private static Consumer<MutableCoercionConfig> refuse(CoercionInputShape... shapes) {
        return config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }
}
