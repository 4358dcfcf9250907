package com.topsteel.provisioning.gateway.web;

/** One entry of a problem's {@code errors}: the field (parameter, header) at fault and what is wrong with it. */
record FieldProblem(String field, String message) {
}
