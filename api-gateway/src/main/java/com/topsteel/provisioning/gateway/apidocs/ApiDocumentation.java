package com.topsteel.provisioning.gateway.apidocs;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}): the bearer API
 * key, the problem+json answers every endpoint may give, and examples taken from the seed note.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String API_KEY = "apiKey";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** The seed's own request (provisioning-tenant.md, "POST /api/societes/provision-tenant"). */
    static final Map<String, Object> SEED_PROVISION_REQUEST = Map.of(
            "nom", "Métallurgie ACME",
            "code", "ACME",
            "email", "contact@acme.com",
            "plan", "PROFESSIONAL",
            "maxUsers", 10,
            "maxSites", 2);

    static final Map<String, Object> SEED_PROVISION_ACCEPTED = Map.of(
            "success", true,
            "databaseName", "erp_topsteel_acme",
            "message", "Création de la société \"Métallurgie ACME\" et de sa base de données dédiée en cours",
            "jobId", "5b0f6c1e-8a2d-4c1b-9f0e-3d2a1b4c5d6e",
            "societeId", "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f",
            "status", "QUEUED");

    static final Map<String, Object> INVALID_REQUEST = Map.of(
            "type", "about:blank",
            "title", "Invalid request",
            "status", 400,
            "detail", "Invalid fields: code",
            "errors", List.of(Map.of("field", "code",
                    "message", "must contain only ASCII letters, digits and underscores, starting with a letter or digit")));

    @Bean
    OpenAPI provisioningApi() {
        return new OpenAPI()
                .info(new Info().title("TopSteel tenant provisioning API").version("v1").description("""
                        Creates and destroys a société's dedicated PostgreSQL database as an asynchronous job: \
                        a request is answered 202 with a job to poll (GET /api/jobs/{id}), follow (SSE) or hear \
                        of by webhook. Send an API key as 'Authorization: Bearer <key>'; the ops role sees every \
                        job and may destroy and retry. Errors are RFC 9457 problem+json."""))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key of role CLIENT or OPS; development keys: "
                                        + "topsteel-dev-client-key, topsteel-dev-ops-key"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    /** Every API operation may answer problem+json; the provisioning request carries the seed's example. */
    @Bean
    OpenApiCustomizer problemsAndSeedExamples() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperationsMap().forEach((method, operation) -> {
                addProblem(operation, "400", "Invalid request: the fields or parameters at fault are named in errors[]");
                addProblem(operation, "401", "No valid API key");
                addProblem(operation, "403", "This API key's role may not do this");
                if (path.contains("{")) {
                    addProblem(operation, "404", "No such record, or not the caller's");
                }
                if (method != PathItem.HttpMethod.GET) {
                    addProblem(operation, "409", "Conflicts with the record's current state");
                }
            });
            if (path.equals("/api/societes/provision-tenant") && item.getPost() != null) {
                documentSeedProvisioning(item.getPost());
            }
        });
    }

    private static void documentSeedProvisioning(Operation provision) {
        if (provision.getRequestBody() != null && provision.getRequestBody().getContent() != null) {
            provision.getRequestBody().getContent().values()
                    .forEach(media -> media.addExamples("seed", new Example().summary("The seed's société")
                            .value(SEED_PROVISION_REQUEST)));
        }
        ApiResponse accepted = provision.getResponses().get("202");
        if (accepted != null && accepted.getContent() != null) {
            accepted.getContent().values().forEach(media -> media.addExamples("seed",
                    new Example().summary("Accepted: a job to follow").value(SEED_PROVISION_ACCEPTED)));
        }
        ApiResponse invalid = provision.getResponses().get("400");
        if (invalid != null && invalid.getContent() != null && invalid.getContent().get(PROBLEM_JSON) != null) {
            invalid.getContent().get(PROBLEM_JSON).addExamples("invalid-code",
                    new Example().summary("A code that cannot name a database").value(INVALID_REQUEST));
        }
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> fieldProblem = new ObjectSchema()
                .addProperty("field", new StringSchema().example("code"))
                .addProperty("message", new StringSchema().example("must not be blank"));
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("Invalid fields: code"))
                .addProperty("instance", new StringSchema().example("/api/societes/provision-tenant"))
                .addProperty("errors", new ArraySchema().items(fieldProblem));
    }
}
