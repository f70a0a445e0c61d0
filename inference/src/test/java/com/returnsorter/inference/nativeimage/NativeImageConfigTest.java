package com.returnsorter.inference.nativeimage;

import com.returnsorter.inference.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledInNativeImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps the GraalVM configuration of this module ({@code META-INF/native-image/com.returnsorter/inference},
 * docs/native-image.md) true to the ONNX Runtime and JDK on the classpath: an upgrade that renames,
 * removes or adds something the native code looks up fails here, on the JVM, with what is missing,
 * instead of as a crash in the native executable.
 */
@DisabledInNativeImage
class NativeImageConfigTest {

    static final String ORT = "META-INF/native-image/com.returnsorter/inference/";
    static final String IMAGEIO = ORT + "imageio/";
    static final List<String> JNI_AND_REFLECTION = List.of(
            ORT + "jni-config.json", ORT + "reflect-config.json", IMAGEIO + "jni-config.json", IMAGEIO + "reflect-config.json");
    static final List<String> RESOURCES = List.of(ORT + "resource-config.json", IMAGEIO + "resource-config.json");

    /** The ONNX Runtime JNI library for the platform the image is built for (Cloud Run: linux-x64). */
    static final String ORT_NATIVE = "ai/onnxruntime/native/linux-x64/";
    static final String ORT_JNI_LIBRARY = ORT_NATIVE + "libonnxruntime4j_jni.so";

    static final Pattern ORT_CLASS = Pattern.compile("(?:ai/onnxruntime|java/[a-z]+)/[A-Za-z0-9_$/]*[A-Za-z0-9_$]");
    static final Pattern ORT_CLASS_ANYWHERE = Pattern.compile("ai/onnxruntime/(?:[a-z]+/)*[A-Z][A-Za-z0-9_$]*");
    static final Pattern JNI_DESCRIPTOR = Pattern.compile("\\((?:\\[*(?:[ZBCSIJFD]|L[A-Za-z0-9_$/]+;))*\\)\\[*(?:[ZBCSIJFDV]|L[A-Za-z0-9_$/]+;)");
    static final Pattern JDK_CLASS = Pattern.compile("(?:java|javax|sun|com/sun)/[A-Za-z0-9_$/]*[A-Za-z0-9_$]");

    @Test
    void everyClassMethodConstructorAndFieldExistsWithItsExactTypes() {
        List<String> missing = new ArrayList<>();
        for (String config : JNI_AND_REFLECTION) {
            missing.addAll(NativeImageConfig.missingElements(config));
        }
        assertThat(missing).as("configured elements the classpath does not have").isEmpty();
    }

    @Test
    void everyClassTheOnnxRuntimeJniLibraryLooksUpIsInJniConfig() {
        Set<String> referenced = NativeImageConfig.javaClassNames(ortJniStrings(), ORT_CLASS);
        assertThat(referenced).as("classes named in " + ORT_JNI_LIBRARY).contains("ai.onnxruntime.OrtException");
        // Belt and braces: ONNX Runtime class names anywhere in the file, not only in .rodata.
        String wholeFile = new String(NativeImageConfig.read(ORT_JNI_LIBRARY), StandardCharsets.ISO_8859_1);
        referenced.addAll(NativeImageConfig.javaClassNames(List.of(wholeFile), ORT_CLASS_ANYWHERE));

        Set<String> missing = new LinkedHashSet<>(referenced);
        missing.removeAll(NativeImageConfig.classNames(ORT + "jni-config.json"));
        assertThat(missing).as("classes " + ORT_JNI_LIBRARY + " names that " + ORT + "jni-config.json lacks").isEmpty();
    }

    @Test
    void everyMethodDescriptorTheOnnxRuntimeJniLibraryUsesIsRegistered() throws Exception {
        Set<String> used = new LinkedHashSet<>();
        for (String string : ortJniStrings()) {
            if (JNI_DESCRIPTOR.matcher(string).matches()) {
                used.add(string);
            }
        }
        assertThat(used).as("descriptors in " + ORT_JNI_LIBRARY).contains("(ILjava/lang/String;)V");

        Set<String> registered = registeredDescriptors(ORT + "jni-config.json");
        Set<String> missing = new LinkedHashSet<>(used);
        missing.removeAll(registered);
        assertThat(missing).as("JNI descriptors " + ORT_JNI_LIBRARY + " uses that no method or constructor in "
                + ORT + "jni-config.json has").isEmpty();
    }

    /**
     * Method and field names are plain strings in the library too: if it contains the name of a
     * member of a class it looks up (ONNX Runtime 1.29 uses only constructors), that member must be
     * registered. A new GetFieldID(…, "nativeHandle", "J") in a later release fails here.
     */
    @Test
    void everyMemberNameTheOnnxRuntimeJniLibraryContainsIsRegistered() throws Exception {
        Set<String> strings = new LinkedHashSet<>(ortJniStrings());
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> entry : NativeImageConfig.entries(ORT + "jni-config.json")) {
            String className = (String) entry.get("name");
            Class<?> type = NativeImageConfig.type(className);
            Set<String> registered = registeredMemberNames(entry);
            for (Class<?> c = type; c != null && c.getName().startsWith("ai.onnxruntime."); c = c.getSuperclass()) {
                for (var method : c.getDeclaredMethods()) {
                    if (strings.contains(method.getName()) && !registered.contains(method.getName())) {
                        missing.add(className + "." + method.getName() + "(…)");
                    }
                }
                for (Field field : c.getDeclaredFields()) {
                    if (strings.contains(field.getName()) && !registered.contains(field.getName())) {
                        missing.add(className + "." + field.getName());
                    }
                }
            }
        }
        assertThat(missing).as("members named in " + ORT_JNI_LIBRARY + " but not registered for JNI").isEmpty();
    }

    @Test
    void everyResourcePatternMatchesARealResource() {
        List<String> unmatched = new ArrayList<>();
        for (String config : RESOURCES) {
            for (String pattern : NativeImageConfig.includePatterns(config)) {
                if (NativeImageConfig.matchingResources(pattern).isEmpty()) {
                    unmatched.add(config + ": " + pattern);
                }
            }
            for (String bundle : NativeImageConfig.bundles(config)) {
                if (!NativeImageConfig.bundleExists(bundle)) {
                    unmatched.add(config + ": bundle " + bundle);
                }
            }
        }
        assertThat(unmatched).as("resource patterns and bundles that match nothing").isEmpty();
    }

    /** The two libraries ONNX Runtime's loader extracts, by the names its own constants give, and the bundled model. */
    @Test
    void onnxRuntimeLibrariesAndTheBundledModelAreIncluded() throws Exception {
        List<String> patterns = NativeImageConfig.includePatterns(ORT + "resource-config.json");
        Class<?> loader = Class.forName("ai.onnxruntime.OnnxRuntime");
        List<String> needed = new ArrayList<>();
        for (String constant : List.of("ONNXRUNTIME_LIBRARY_NAME", "ONNXRUNTIME_JNI_LIBRARY_NAME")) {
            Field field = loader.getDeclaredField(constant);
            field.setAccessible(true);
            needed.add(ORT_NATIVE + "lib" + field.get(null) + ".so");
        }
        String model = ModelLoader.BUNDLED_MODEL.substring("classpath:".length());
        needed.add(model);
        needed.add(ModelLoader.defaultCardUri(ModelLoader.BUNDLED_MODEL).substring("classpath:".length()));

        for (String resource : needed) {
            assertThat(getClass().getClassLoader().getResource(resource)).as("classpath resource " + resource).isNotNull();
            assertThat(NativeImageConfig.includes(patterns, resource)).as(resource + " included by " + patterns).isTrue();
        }
    }

    /**
     * The JDK's imaging libraries look up classes by name as well (FindClass in libawt, libjavajpeg,
     * liblcms): each must be registered. Checked against the JDK running the tests, whose java.desktop
     * natives are the same code as the GraalVM JDK's.
     */
    @Test
    void everyClassTheJdkImagingLibrariesLookUpIsInJniConfig() {
        Path lib = Path.of(System.getProperty("java.home"), "lib");
        Set<String> registered = NativeImageConfig.classNames(IMAGEIO + "jni-config.json");
        List<String> missing = new ArrayList<>();
        int scanned = 0;
        for (String library : List.of("libawt.so", "libjavajpeg.so", "liblcms.so", "libmlib_image.so")) {
            Path file = lib.resolve(library);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            scanned++;
            byte[] elf;
            try {
                elf = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String name : NativeImageConfig.javaClassNames(NativeImageConfig.rodataStrings(elf), JDK_CLASS)) {
                if (!registered.contains(name)) {
                    missing.add(library + ": " + name);
                }
            }
        }
        assumeTrue(scanned > 0, "this JDK has no java.desktop native libraries in " + lib);
        assertThat(missing).as("classes the JDK imaging libraries name that " + IMAGEIO + "jni-config.json lacks").isEmpty();
    }

    /** The checks above can fail: a configuration with a renamed constructor and a stray class is caught. */
    @Test
    void aStaleConfigurationIsReportedWithWhatIsMissing() {
        List<String> missing = NativeImageConfig.missingElements("nativeimage/stale-jni-config.json");
        assertThat(missing).anySatisfy(problem -> assertThat(problem)
                        .contains("ai.onnxruntime.TensorInfo.<init>(long[], int)").contains("is not declared"))
                .anySatisfy(problem -> assertThat(problem).contains("ai.onnxruntime.NoSuchClass").contains("not on the classpath"))
                .anySatisfy(problem -> assertThat(problem).contains("ai.onnxruntime.OnnxTensor.handle"));
        assertThat(NativeImageConfig.matchingResources("ai/onnxruntime/native/linux-x64/libonnxruntime_gone\\.so")).isEmpty();
        assertThat(NativeImageConfig.literalDirectory("model/[^/]+\\.onnx")).isEqualTo("model/");
    }

    private static List<String> ortJniStrings() {
        return NativeImageConfig.rodataStrings(NativeImageConfig.read(ORT_JNI_LIBRARY));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> registeredDescriptors(String config) throws Exception {
        Set<String> descriptors = new LinkedHashSet<>();
        for (Map<String, Object> entry : NativeImageConfig.entries(config)) {
            Class<?> type = NativeImageConfig.type((String) entry.get("name"));
            for (Map<String, Object> method : (List<Map<String, Object>>) entry.getOrDefault("methods", List.of())) {
                Executable executable = NativeImageConfig.executable(type, (String) method.get("name"),
                        (List<String>) method.get("parameterTypes"));
                descriptors.add(NativeImageConfig.descriptor(executable));
            }
        }
        return descriptors;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> registeredMemberNames(Map<String, Object> entry) {
        Set<String> names = new LinkedHashSet<>();
        for (String kind : List.of("methods", "fields")) {
            for (Map<String, Object> member : (List<Map<String, Object>>) entry.getOrDefault(kind, List.of())) {
                names.add((String) member.get("name"));
            }
        }
        return names;
    }
}
