package com.topsteel.provisioning.gateway.web;

import java.util.List;

/** One page of a listing, with what a client needs to fetch the next. */
public record PageOf<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    public static <T> PageOf<T> of(List<T> content, int page, int size, long totalElements) {
        return new PageOf<>(content, page, size, totalElements, (int) ((totalElements + size - 1) / size));
    }
}
