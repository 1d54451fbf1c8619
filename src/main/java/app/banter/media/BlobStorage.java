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

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.RequestConditions;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.blob.options.BlobContainerCreateOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
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
    private static final Duration COPY_SOURCE_TTL = Duration.ofMinutes(1);

    /**
     * The private container every upload is written to. Nothing in it is readable without the account key; a blob
     * leaves it only by the service's copy once it passed its check.
     */
    static final String STAGING_CONTAINER = "staging";

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

    /**
     * Creates the staging container and the container of every purpose that are missing; public ones allow anonymous
     * reads of blobs only.
     */
    void createContainers() {
        create(STAGING_CONTAINER, false);
        for (MediaPurpose purpose : MediaPurpose.values()) {
            create(purpose.container(), purpose.isPublic());
        }
    }

    /**
     * A URL that can create this one staged blob and nothing else: create permission only (no read, no list, no
     * overwrite of an existing blob), for a short time, in the private staging container, so that nothing the client
     * sends is readable by anyone before it passed its check.
     */
    SignedUrl uploadUrl(MediaRef ref, Duration ttl) {
        return sign(staged(ref), new BlobSasPermission().setCreatePermission(true), ttl);
    }

    /** A URL that can read this one completed blob for {@code ttl}. */
    SignedUrl readUrl(MediaRef ref, Duration ttl) {
        return sign(placed(ref), new BlobSasPermission().setReadPermission(true), ttl);
    }

    /** The staged blob's size, content type and type, or empty when it does not exist. */
    Optional<BlobFacts> stagedFacts(MediaRef ref) {
        try {
            BlobProperties properties = staged(ref).getPropertiesWithResponse(null, TIMEOUT, Context.NONE).getValue();
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

    /** The first {@code length} bytes of the staged blob, as it was when {@code facts} were read. */
    byte[] stagedHead(MediaRef ref, BlobFacts facts, int length) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(length);
        try {
            staged(ref).downloadStreamWithResponse(head, new BlobRange(0, Math.min(length, facts.size())),
                    null, new BlobRequestConditions().setIfMatch(facts.etag()), false, TIMEOUT, Context.NONE);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        return head.toByteArray();
    }

    /**
     * Moves the checked staged blob into its purpose's container (where public media are read anonymously) with
     * {@code contentType} as its only HTTP header, then deletes the staged blob. Copied by Blob Storage itself, in one
     * synchronous request: the service never downloads the file.
     */
    void moveIntoPlace(MediaRef ref, BlobFacts checked, String contentType) {
        BlobClient staged = staged(ref);
        try {
            // Headers are set on the staged blob before the copy, which carries them over: the copy never appears in
            // place with headers the client chose (a Content-Disposition, a Content-Encoding). If-Match: still the
            // blob that was checked; the new ETag then pins the copy's source to it.
            String etag = staged.setHttpHeadersWithResponse(new BlobHttpHeaders().setContentType(contentType),
                    new BlobRequestConditions().setIfMatch(checked.etag()), TIMEOUT, Context.NONE).getHeaders()
                    .getValue(HttpHeaderName.ETAG);
            // A copy from a URL needs the source readable by its URL even within the account: a read SAS of a minute.
            placed(ref).copyFromUrlWithResponse(new BlobCopyFromUrlOptions(
                    sign(staged, new BlobSasPermission().setReadPermission(true), COPY_SOURCE_TTL).url())
                    .setSourceRequestConditions(new RequestConditions().setIfMatch(etag)), TIMEOUT, Context.NONE);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        // Completed only once nothing of it is left in staging, where no later step would delete it.
        if (!delete(ref, staged)) {
            throw unavailable(new IllegalStateException("the staged blob could not be deleted"));
        }
    }

    /**
     * Deletes the upload's blobs, staged and in place, with their snapshots (an upload URL also lets its holder take
     * snapshots, and Blob Storage deletes a blob that has some only together with them); blobs already gone count as
     * deleted. False when Blob Storage answers that it will not delete one (a lease on it, say): the caller leaves it
     * for later. Blob Storage not answering, or failing on its side, is a 502 as for every other operation.
     */
    boolean delete(MediaRef ref) {
        return delete(ref, staged(ref)) && delete(ref, placed(ref));
    }

    /** Deletes the staged blob only, as {@link #delete(MediaRef)} does. */
    boolean deleteStaged(MediaRef ref) {
        return delete(ref, staged(ref));
    }

    private boolean delete(MediaRef ref, BlobClient blob) {
        try {
            blob.deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, TIMEOUT, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND) {
                return true;
            }
            if (e.getStatusCode() >= 500) {
                throw unavailable(e);
            }
            LOG.warnf("Blob Storage refused to delete a blob of upload %s: %s", ref.id(), e.getErrorCode());
            return false;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void create(String container, boolean isPublic) {
        service.getBlobContainerClient(container).createIfNotExistsWithResponse(
                new BlobContainerCreateOptions().setPublicAccessType(isPublic ? PublicAccessType.BLOB : null),
                TIMEOUT, Context.NONE);
    }

    private SignedUrl sign(BlobClient blob, BlobSasPermission permission, Duration ttl) {
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        // No start time: a phone whose clock runs behind could not use a URL that "starts" now.
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), permission).setProtocol(protocol));
        return new SignedUrl(blob.getBlobUrl() + "?" + sas, expiresAt);
    }

    /** Where the client uploads: the staging container, under the upload's id. */
    private BlobClient staged(MediaRef ref) {
        return service.getBlobContainerClient(STAGING_CONTAINER).getBlobClient(ref.blobName());
    }

    /** Where a completed upload is kept and read: its purpose's container. */
    private BlobClient placed(MediaRef ref) {
        return service.getBlobContainerClient(ref.purpose().container()).getBlobClient(ref.blobName());
    }

    private static ApiException unavailable(RuntimeException cause) {
        LOG.warnf("Blob Storage request failed: %s", cause.toString());
        return new ApiException(502, "MEDIA_STORAGE_UNAVAILABLE", "Media storage did not answer; try again");
    }

    record BlobFacts(long size, String contentType, BlobType type, String etag) {
    }
}
