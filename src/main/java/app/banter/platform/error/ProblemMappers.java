package app.banter.platform.error;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import app.banter.platform.web.FreeText;
import app.banter.platform.web.NulCharacterException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become {@code application/problem+json}. Client mistakes get a 4xx naming what was
 * wrong; anything unexpected is logged here and answered with a bare 500 that reveals nothing.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ObjectMapper json;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = problem(Problem.of(e.status(), e.code(), e.getMessage()));
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return problem(Problem.of(400, "VALIDATION_FAILED", "The request has invalid fields", violations)).build();
    }

    // Listed one by one: Quarkus has built-in mappers for the narrower Jackson types, and the closest type wins.
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class,
            InvalidDefinitionException.class })
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return problem(Problem.of(400, "UNKNOWN_PROPERTY",
                    "Unknown property '" + unknown.getPropertyName() + "'")).build();
        }
        if (e instanceof JsonMappingException mapping && !(e instanceof JsonParseException)
                && !mapping.getPath().isEmpty()) {
            return invalidField(mapping, jsonPath(mapping));
        }
        return problem(Problem.of(400, "MALFORMED_JSON", "The request body is not valid JSON")).build();
    }

    private Response invalidField(JsonMappingException e, String field) {
        if (e instanceof NulCharacterException) {
            return problem(Problem.of(400, "INVALID_CHARACTER", "'" + field + "' " + FreeText.NUL_MESSAGE,
                    List.of(new Problem.Violation(field, FreeText.NUL_MESSAGE)))).build();
        }
        if (e instanceof InvalidNullException) {
            return problem(Problem.of(400, "INVALID_VALUE", "'" + field + "' must not be null",
                    List.of(new Problem.Violation(field, "must not be null")))).build();
        }
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type != null && type.isEnum()) {
            // As written on the wire: an enum may rename its constants (@JsonValue).
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(c -> json.valueToTree(c).asText())
                    .toList();
            String message = "must be one of " + String.join(", ", allowed);
            return problem(Problem.of(400, "INVALID_VALUE", "Invalid value for '" + field + "'; it " + message,
                    List.of(new Problem.Violation(field, message, allowed)))).build();
        }
        String message = expected(type);
        return problem(Problem.of(400, "INVALID_VALUE",
                "Invalid value for '" + field + "'" + (message == null ? "" : "; it " + message),
                message == null ? List.of() : List.of(new Problem.Violation(field, message)))).build();
    }

    /** What a field of this type takes, in JSON terms; null where that says nothing useful. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "must be a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "must be a JSON number" + (type == long.class || type == int.class || type == Long.class
                    || type == Integer.class ? " without a fraction" : "");
        }
        return null;
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated() {
        return problem(Problem.of(401, "UNAUTHENTICATED", "A valid access token is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(403, "FORBIDDEN", "You may not do this")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS answers 404 when a query or path parameter does not convert (limit=abc); it is bad input.
            return problem(Problem.of(400, "INVALID_PARAMETER", "A query or path parameter has an invalid value"))
                    .build();
        }
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "BAD_REQUEST";
        };
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 406 -> "This resource answers in application/json";
            case 413 -> "The request body is too large";
            case 415 -> "Send the body as application/json";
            default -> "The request could not be understood";
        };
        return problem(Problem.of(status, code, detail)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseUnavailable.isCauseOf(e)) {
            // One line, no stack trace: during an outage every request fails the same way.
            LOG.warnf("Database unavailable: %s", rootMessage(e));
            return problem(Problem.of(503, "DATABASE_UNAVAILABLE", "The service is briefly unavailable; try again"))
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        if (RedisUnavailable.isCauseOf(e)) {
            LOG.warnf("Redis unavailable: %s", rootMessage(e));
            return problem(Problem.of(503, "REDIS_UNAVAILABLE", "The service is briefly unavailable; try again"))
                    .header(HttpHeaders.RETRY_AFTER, RedisUnavailable.RETRY_AFTER_SECONDS).build();
        }
        if (isTransientConflict(e)) {
            // PostgreSQL chose this transaction as a deadlock victim (or could not serialize it): it rolled back whole,
            // and the same request, idempotency key and all, succeeds when sent again.
            LOG.warnf("Transaction rolled back by the database, answered 503: %s", rootMessage(e));
            return problem(Problem.of(503, "TRY_AGAIN", "The service was busy with the same data; try again"))
                    .header(HttpHeaders.RETRY_AFTER, 1).build();
        }
        LOG.errorf(e, "Unexpected failure: %s", e.getClass().getName());
        return problem(Problem.of(500, "INTERNAL_ERROR", "Something went wrong on our side")).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /**
     * "register.request.fullName" → "fullName", "search.limit" → "limit": the method name and the name of a body
     * parameter mean nothing to a client.
     */
    private static String field(ConstraintViolation<?> violation) {
        String parameter = "";
        StringBuilder property = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT -> {
                    if (node.getName() == null) {
                        break;
                    }
                    if (!property.isEmpty()) {
                        property.append('.');
                    }
                    property.append(node.getName());
                    if (node.getIndex() != null) {
                        property.append('[').append(node.getIndex()).append(']');
                    }
                }
                default -> {
                }
            }
        }
        return property.isEmpty() ? parameter : property.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** SQLSTATE 40P01 (deadlock detected) or 40001 (serialization failure) anywhere in the causes. */
    private static boolean isTransientConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
