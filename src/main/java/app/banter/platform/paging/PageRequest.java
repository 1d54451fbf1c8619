package app.banter.platform.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code ?cursor=&limit=} of every cursor-paginated list, declared once so that every list has the same cap and the
 * same documentation. The cap bounds the rows one request may make the database read.
 */
public class PageRequest {

    @RestQuery
    @Size(max = 200)
    @Parameter(description = "nextCursor of the previous page; absent for the first page")
    String cursor;

    @RestQuery
    @DefaultValue("20")
    @Min(1)
    @Max(100)
    @Parameter(description = "Items per page")
    int limit;

    public String cursor() {
        return cursor;
    }

    public int limit() {
        return limit;
    }
}
