package app.banter.kyc.provider;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signzy's Identity API (v2): an identity object per document, created with the login token in Authorization, then a
 * "snoop" request performing the verification task with the object's own access token.
 */
@Path("/api/v2")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface SignzyApi {

    @POST
    @Path("/patrons/{patronId}/identities")
    JsonNode createIdentity(@HeaderParam("Authorization") String token, @PathParam("patronId") String patronId,
            Map<String, Object> identity);

    @POST
    @Path("/snoops")
    JsonNode snoop(Map<String, Object> snoop);

    @GET
    @Path("/patrons/{patronId}/identities/{identityId}")
    JsonNode identity(@HeaderParam("Authorization") String token, @PathParam("patronId") String patronId,
            @PathParam("identityId") String identityId);
}
