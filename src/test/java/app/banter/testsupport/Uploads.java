package app.banter.testsupport;

import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;

import app.banter.testsupport.TestUsers.TestUser;
import io.restassured.path.json.JsonPath;

/**
 * Uploads the way the app does them: ask for an upload URL, PUT the bytes straight to Blob Storage (Azurite) with the
 * headers the ticket names, then complete. Files are a real signature followed by filler bytes.
 */
public final class Uploads {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static BlobServiceClient account;

    private Uploads() {
    }

    public static byte[] jpeg(int size) {
        return file(size, 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00);
    }

    public static byte[] png(int size) {
        return file(size, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R');
    }

    public static byte[] webp(int size) {
        return file(size, 'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ');
    }

    public static byte[] pdf(int size) {
        return file(size, '%', 'P', 'D', 'F', '-', '1', '.', '7', '\n');
    }

    public static byte[] oggOpus(int size) {
        return file(size, 'O', 'g', 'g', 'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public static byte[] m4a(int size) {
        return file(size, 0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'M', '4', 'A', ' ');
    }

    public static byte[] text(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    /** POST /media/uploads; the ticket's JSON (status 201 asserted). */
    public static JsonPath issue(TestUser owner, String purpose, String contentType, long size) {
        return owner.request().body(Map.of("purpose", purpose, "contentType", contentType, "size", size))
                .post("/api/v1/media/uploads").then().statusCode(201).extract().jsonPath();
    }

    /** PUTs {@code bytes} to the ticket's URL with its required headers, {@code contentType} as the blob's type. */
    public static HttpResponse<String> put(JsonPath ticket, String contentType, byte[] bytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ticket.getString("uploadUrl")))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        Map<String, String> headers = ticket.getMap("requiredHeaders");
        headers.forEach(request::header);
        request.setHeader("x-ms-blob-content-type", contentType);
        return send(request.build());
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public static HttpResponse<byte[]> getBytes(String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Issues, uploads and completes; returns the media id, READY. */
    public static UUID completed(TestUser owner, String purpose, String contentType, byte[] bytes) {
        JsonPath ticket = issue(owner, purpose, contentType, bytes.length);
        int status = put(ticket, contentType, bytes).statusCode();
        if (status != 201) {
            throw new IllegalStateException("Blob upload answered " + status);
        }
        String id = ticket.getString("mediaId");
        owner.request().post("/api/v1/media/" + id + "/complete").then().statusCode(200)
                .body("status", equalTo("READY"));
        return UUID.fromString(id);
    }

    /**
     * The blobs named {@code name} in {@code container}, snapshots included, as the storage account lists them (the
     * test's own look at Azurite, with the account key, past everything the service does).
     */
    public static List<BlobItem> blobsNamed(String container, String name) {
        if (!account().getBlobContainerClient(container).exists()) {
            return List.of();
        }
        return account().getBlobContainerClient(container).listBlobs(new ListBlobsOptions().setPrefix(name)
                .setDetails(new BlobListDetails().setRetrieveSnapshots(true)), Duration.ofSeconds(10)).stream()
                .filter(blob -> blob.getName().equals(name)).toList();
    }

    /** The storage account of the tests' Azurite, reached with its key. */
    public static synchronized BlobServiceClient account() {
        if (account == null) {
            account = new BlobServiceClientBuilder().connectionString(AzuriteResource.connectionString())
                    .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        }
        return account;
    }

    public static HttpResponse<String> send(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Azurite answers a refused upload and closes the connection without reading the body; the next request on that
     * pooled connection then meets its end. Once is a closed connection, twice is a real failure.
     */
    private static <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            try {
                return HTTP.send(request, body);
            } catch (IOException closedMeanwhile) {
                return HTTP.send(request, body);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] file(int size, int... signature) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i < signature.length ? signature[i] : i * 31);
        }
        return bytes;
    }
}
