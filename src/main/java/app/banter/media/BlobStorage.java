package app.banter.media;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.blob.options.BlobContainerCreateOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.common.sas.SasProtocol;

import app.banter.platform.error.ApiException;
import app.banter.platform.telemetry.ProviderSpans;

/**
 * The service's only door to Azure Blob Storage. SAS URLs are signed here with the account key, without a network
 * call; the other operations are single requests with a timeout, and a storage failure is a 502 problem.
 */
@ApplicationScoped
class BlobStorage {

    private static final Logger LOG = Logger.getLogger(BlobStorage.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BlobServiceClient service;
    private final SasProtocol protocol;

    BlobStorage(MediaConfig config, ProviderSpans spans) {
        // The JDK's HttpClient instead of the SDK's default Reactor Netty (excluded in the pom).
        // Few, quick retries: a request waits on a phone's behalf, and the SDK's default (4 tries, backing off to 2
        // minutes) would hold it far longer than the phone waits.
        this.service = new BlobServiceClientBuilder().connectionString(config.connectionString())
                .httpClient(new JdkHttpClientBuilder().build())
                .addPolicy(new BlobTracing(spans))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, TIMEOUT, Duration.ofMillis(200),
                        Duration.ofSeconds(2), null))
                .buildClient();
        // HTTPS only wherever the account is reached over HTTPS (everywhere but Azurite on loopback).
        this.protocol = service.getAccountUrl().startsWith("https:") ? SasProtocol.HTTPS_ONLY
                : SasProtocol.HTTPS_HTTP;
    }

    /** Creates the container of every purpose that is missing; public ones allow anonymous reads of blobs only. */
    void createContainers() {
        for (MediaPurpose purpose : MediaPurpose.values()) {
            service.getBlobContainerClient(purpose.container()).createIfNotExistsWithResponse(
                    new BlobContainerCreateOptions().setPublicAccessType(purpose.isPublic() ? PublicAccessType.BLOB
                            : null),
                    TIMEOUT, Context.NONE);
        }
    }

    /**
     * A URL that can create this one blob and nothing else: create permission only (no read, no list, no overwrite of
     * an existing blob), for a short time.
     */
    SignedUrl uploadUrl(MediaRef ref, Duration ttl) {
        return sign(ref, new BlobSasPermission().setCreatePermission(true), ttl);
    }

    /** A URL that can read this one blob for {@code ttl}. */
    SignedUrl readUrl(MediaRef ref, Duration ttl) {
        return sign(ref, new BlobSasPermission().setReadPermission(true), ttl);
    }

    /** The blob's size, content type and type, or empty when it does not exist. */
    Optional<BlobFacts> facts(MediaRef ref) {
        try {
            BlobProperties properties = blob(ref).getPropertiesWithResponse(null, TIMEOUT, Context.NONE).getValue();
            return Optional.of(new BlobFacts(properties.getBlobSize(), properties.getContentType(),
                    properties.getBlobType(), properties.getETag()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The first {@code length} bytes of the blob, as it was when {@code facts} were read. */
    byte[] head(MediaRef ref, BlobFacts facts, int length) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(length);
        try {
            blob(ref).downloadStreamWithResponse(head, new BlobRange(0, (long) Math.min(length, facts.size())), null,
                    new BlobRequestConditions().setIfMatch(facts.etag()), false, TIMEOUT, Context.NONE);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return head.toByteArray();
    }

    /**
     * Deletes the blob with its snapshots (an upload URL also lets its holder take snapshots, and Blob Storage deletes
     * a blob that has some only together with them); one that is already gone counts as deleted. False when Blob
     * Storage answers that it will not delete this blob (a lease on it, say): the caller leaves it for later. Blob
     * Storage not answering, or failing on its side, is a 502 as for every other operation.
     */
    boolean delete(MediaRef ref) {
        try {
            blob(ref).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, TIMEOUT, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND) {
                return true;
            }
            if (e.getStatusCode() >= 500) {
                throw unavailable(e);
            }
            LOG.warnf("Blob Storage refused to delete the blob of upload %s: %s", ref.id(), e.getErrorCode());
            return false;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private SignedUrl sign(MediaRef ref, BlobSasPermission permission, Duration ttl) {
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        BlobClient blob = blob(ref);
        // No start time: a phone whose clock runs behind could not use a URL that "starts" now.
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), permission).setProtocol(protocol));
        return new SignedUrl(blob.getBlobUrl() + "?" + sas, expiresAt);
    }

    private BlobClient blob(MediaRef ref) {
        return service.getBlobContainerClient(ref.purpose().container()).getBlobClient(ref.blobName());
    }

    private static ApiException unavailable(RuntimeException cause) {
        LOG.warnf("Blob Storage request failed: %s", cause.toString());
        return new ApiException(502, "MEDIA_STORAGE_UNAVAILABLE", "Media storage did not answer; try again");
    }

    record BlobFacts(long size, String contentType, BlobType type, String etag) {
    }
}
