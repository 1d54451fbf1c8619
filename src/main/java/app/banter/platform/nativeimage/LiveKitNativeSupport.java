package app.banter.platform.nativeimage;

import io.quarkus.runtime.annotations.RegisterForProxy;

/**
 * The LiveKit server SDK calls RoomService through Retrofit, which implements the service interface with a JDK
 * dynamic proxy: native-image must know that proxy at build time. (Its protobuf messages need no reflection:
 * protobuf-java's JsonFormat works from descriptors.)
 */
@RegisterForProxy(targets = io.livekit.server.RoomService.class)
final class LiveKitNativeSupport {

    private LiveKitNativeSupport() {
    }
}
