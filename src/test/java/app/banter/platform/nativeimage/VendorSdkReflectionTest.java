package app.banter.platform.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A vendor SDK upgrade that renames or drops a registered class must fail here, not in a native executable. */
class VendorSdkReflectionTest {

    @Test
    void everyRegisteredClassExists() {
        String[] classNames = VendorSdkReflection.class.getAnnotation(RegisterForReflection.class).classNames();
        assertThat(classNames).isNotEmpty().doesNotHaveDuplicates();
        Arrays.stream(classNames).forEach(name -> assertThatCode(() -> Class.forName(name, false,
                getClass().getClassLoader())).as(name).doesNotThrowAnyException());
    }
}
