package app.banter.media;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "banter.media")
public interface MediaConfig {

    /**
     * The storage account's connection string (account name and key sign the SAS URLs). The default is Azurite's
     * well-known development account on 127.0.0.1:10000; production sets BANTER_MEDIA_CONNECTION_STRING.
     */
    @WithDefault("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
    String connectionString();

    /**
     * Base URL of the CDN in front of the public containers (avatars, room-covers): a public media URL is
     * {base}/{container}/{blob}.
     */
    @WithDefault("http://127.0.0.1:10000/devstoreaccount1")
    String cdnBaseUrl();

    /**
     * Create the six containers (staging, and one per purpose) at start when missing; off where infrastructure code
     * creates them.
     */
    @WithDefault("true")
    boolean createContainers();

    /** Lifetime of an upload URL: enough to send the file from a phone on a slow network, no more. */
    @WithDefault("10M")
    Duration uploadUrlTtl();

    /** Lifetime of a read URL of private media (chat images, voice notes, KYC documents). */
    @WithDefault("15M")
    Duration readUrlTtl();

    /** Upload URLs one user may obtain per hour. */
    @WithDefault("60")
    int uploadsPerHour();

    /** Formats of avatars, chat images and room covers. */
    @WithDefault("image/jpeg,image/png,image/webp")
    List<String> imageTypes();

    /** Formats of voice notes: AAC in ADTS, AAC in MPEG-4 (.m4a, what iOS and Android record), Opus in Ogg. */
    @WithDefault("audio/aac,audio/mp4,audio/ogg")
    List<String> voiceTypes();

    /** Formats of KYC document images. */
    @WithDefault("image/jpeg,image/png,application/pdf")
    List<String> kycDocumentTypes();

    @WithDefault("5M")
    MemorySize avatarMaxSize();

    @WithDefault("10M")
    MemorySize chatImageMaxSize();

    /** About 10 minutes of AAC at 64 kbit/s. */
    @WithDefault("5M")
    MemorySize voiceMessageMaxSize();

    @WithDefault("5M")
    MemorySize roomCoverMaxSize();

    @WithDefault("10M")
    MemorySize kycDocumentMaxSize();

    Cleanup cleanup();

    interface Cleanup {

        /** How often unused uploads are looked for (every pod runs the job; rows are taken with SKIP LOCKED). */
        @WithDefault("1H")
        String interval();

        /** An upload never completed or never attached (or no longer attached) is deleted after this. */
        @WithDefault("24H")
        Duration unusedAfter();

        /** Uploads deleted per transaction. */
        @WithDefault("100")
        int batchSize();

        /** An upload whose blob Blob Storage refused to delete is tried again after this. */
        @WithDefault("6H")
        Duration retryAfter();
    }
}
