package app.banter.telephony.exotel;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of Exotel's Voice v1 API we call (developer.exotel.com/docs/voice-v1/api-reference: connect-two-numbers,
 * call-details). Exotel has no Java SDK; the ".json" suffix asks for JSON instead of its default XML. Both answer
 * {@code {"Call": {...}}}.
 */
@Path("/v1/Accounts/{sid}/Calls")
@Produces(MediaType.APPLICATION_JSON)
public interface ExotelApi {

    @POST
    @Path("/connect.json")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    JsonNode connect(@PathParam("sid") String accountSid, MultivaluedMap<String, String> form);

    @GET
    @Path("/{callSid}.json")
    JsonNode call(@PathParam("sid") String accountSid, @PathParam("callSid") String callSid,
            @QueryParam("details") boolean details);
}
