package app.banter.kyc.provider;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Karza's KYC verification APIs we call, authenticated by the x-karza-key header. Shapes as Karza's integrators use
 * them (see KarzaKycProvider for the sources): the v2 PAN API answers {@code request_id}, {@code status-code} and
 * {@code result.name}; the v3 driving-licence API answers {@code requestId}, {@code statusCode} and {@code result}.
 */
@Path("")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface KarzaApi {

    @POST
    @Path("/v2/pan")
    JsonNode pan(@HeaderParam("x-karza-key") String key, Map<String, Object> request);

    @POST
    @Path("/v3/dl")
    JsonNode drivingLicence(@HeaderParam("x-karza-key") String key, Map<String, Object> request);
}
