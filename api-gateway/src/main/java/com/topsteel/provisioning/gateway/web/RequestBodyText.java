package com.topsteel.provisioning.gateway.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every request body, once read, is searched for text PostgreSQL cannot store: record components,
 * list elements, map keys and values, to any depth. The first found is refused as 400 naming its
 * path ({@code configuration.theme.colors}), before validation and before anything is written.
 */
@ControllerAdvice
class RequestBodyText extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        unstorableTextIn(body, "").ifPresent(field -> {
            throw new InvalidFieldException(field, StorableText.PROBLEM);
        });
        return body;
    }

    /** The path of the first text in {@code value} that PostgreSQL cannot store, the body itself being {@code ""}. */
    static Optional<String> unstorableTextIn(Object value, String path) {
        if (value instanceof String text) {
            return StorableText.isStorable(text) ? Optional.empty() : Optional.of(path);
        }
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Optional<String> found = unstorableTextIn(read(component, record), child(path, component.getName()));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                // a key that cannot be stored cannot be shown either: the map is named instead
                if (entry.getKey() instanceof String key && !StorableText.isStorable(key)) {
                    return Optional.of(path);
                }
                Optional<String> found = unstorableTextIn(entry.getValue(), child(path, String.valueOf(entry.getKey())));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof Collection<?> elements) {
            int index = 0;
            for (Object element : elements) {
                Optional<String> found = unstorableTextIn(element, path + "[" + index++ + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            Method accessor = component.getAccessor();
            // request records are package-private in their feature's package
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of a request body", e);
        }
    }
}
