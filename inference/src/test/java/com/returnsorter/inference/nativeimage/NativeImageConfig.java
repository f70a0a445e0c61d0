package com.returnsorter.inference.nativeimage;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads GraalVM configuration files (the legacy {@code jni-config.json}, {@code reflect-config.json}
 * and {@code resource-config.json} formats) from the classpath and checks them against the
 * classpath and JDK the tests run on. Shared through the inference test-jar, so every module that
 * ships configuration checks it the same way.
 */
public final class NativeImageConfig {

    private static final Pattern REGEX_META = Pattern.compile("[\\\\.\\[\\](){}*+?^$|]");

    private NativeImageConfig() {
    }

    // --- jni-config.json and reflect-config.json ---------------------------------------------

    /** The entries of a {@code jni-config.json} or {@code reflect-config.json} on the classpath. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> entries(String resource) {
        return (List<Map<String, Object>>) json(resource);
    }

    /** Every {@code name} in the given jni-/reflect-config resources. */
    public static Set<String> classNames(String... resources) {
        Set<String> names = new LinkedHashSet<>();
        for (String resource : resources) {
            for (Map<String, Object> entry : entries(resource)) {
                names.add((String) entry.get("name"));
            }
        }
        return names;
    }

    /**
     * What the configuration names but the classpath does not have: classes, and methods,
     * constructors and fields declared by that class with exactly those parameter types. Empty
     * when everything resolves.
     */
    @SuppressWarnings("unchecked")
    public static List<String> missingElements(String resource) {
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> entry : entries(resource)) {
            String className = (String) entry.get("name");
            Class<?> type;
            try {
                type = type(className);
            } catch (ClassNotFoundException e) {
                missing.add(resource + ": class " + className + " is not on the classpath");
                continue;
            }
            for (Map<String, Object> method : (List<Map<String, Object>>) entry.getOrDefault("methods", List.of())) {
                String name = (String) method.get("name");
                List<String> parameters = (List<String>) method.get("parameterTypes");
                String signature = className + "." + name + "(" + String.join(", ", parameters) + ")";
                try {
                    executable(type, name, parameters);
                } catch (ClassNotFoundException e) {
                    missing.add(resource + ": " + signature + " names a parameter type that is not on the classpath: "
                            + e.getMessage());
                } catch (NoSuchMethodException e) {
                    missing.add(resource + ": " + signature + " is not declared by " + className);
                }
            }
            for (Map<String, Object> field : (List<Map<String, Object>>) entry.getOrDefault("fields", List.of())) {
                String name = (String) field.get("name");
                try {
                    type.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    missing.add(resource + ": field " + className + "." + name + " is not declared by " + className);
                }
            }
        }
        return missing;
    }

    /** The constructor ({@code <init>}) or method a configuration entry names. */
    public static Executable executable(Class<?> type, String name, List<String> parameterTypes)
            throws ClassNotFoundException, NoSuchMethodException {
        Class<?>[] parameters = new Class<?>[parameterTypes.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = type(parameterTypes.get(i));
        }
        return "<init>".equals(name) ? type.getDeclaredConstructor(parameters) : type.getDeclaredMethod(name, parameters);
    }

    /** The JNI descriptor of a constructor or method, e.g. {@code (ILjava/lang/String;)V}. */
    public static String descriptor(Executable executable) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : executable.getParameterTypes()) {
            descriptor.append(parameter.describeConstable().orElseThrow().descriptorString());
        }
        descriptor.append(')');
        Class<?> result = executable instanceof Method method ? method.getReturnType() : void.class;
        return descriptor.append(result.describeConstable().orElseThrow().descriptorString()).toString();
    }

    /** A class by its configuration name: {@code int}, {@code a.b.C}, {@code a.b.C$D}, {@code long[][]}. */
    public static Class<?> type(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return Array.newInstance(type(name.substring(0, name.length() - 2)), 0).getClass();
        }
        return switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "void" -> void.class;
            default -> Class.forName(name, false, NativeImageConfig.class.getClassLoader());
        };
    }

    // --- resource-config.json -----------------------------------------------------------------

    /** The {@code includes} patterns of a {@code resource-config.json}. */
    @SuppressWarnings("unchecked")
    public static List<String> includePatterns(String resource) {
        Map<String, Object> config = (Map<String, Object>) json(resource);
        Map<String, Object> resources = (Map<String, Object>) config.getOrDefault("resources", Map.of());
        List<String> patterns = new ArrayList<>();
        for (Map<String, Object> include : (List<Map<String, Object>>) resources.getOrDefault("includes", List.of())) {
            patterns.add((String) include.get("pattern"));
        }
        return patterns;
    }

    /** The {@code bundles} names of a {@code resource-config.json}. */
    @SuppressWarnings("unchecked")
    public static List<String> bundles(String resource) {
        Map<String, Object> config = (Map<String, Object>) json(resource);
        List<String> names = new ArrayList<>();
        for (Map<String, Object> bundle : (List<Map<String, Object>>) config.getOrDefault("bundles", List.of())) {
            names.add((String) bundle.get("name"));
        }
        return names;
    }

    /** Whether a classpath resource path (e.g. {@code model/x.onnx}) is included by one of the patterns. */
    public static boolean includes(List<String> patterns, String path) {
        return patterns.stream().map(NativeImageConfig::split)
                .anyMatch(p -> p.module().isEmpty() && p.regex().matcher(path).matches());
    }

    /**
     * The resources one include pattern matches, as native-image would see them: a pattern
     * {@code module:regex} in that JDK module, a plain pattern on the classpath.
     */
    public static List<String> matchingResources(String pattern) {
        ModulePattern parsed = split(pattern);
        String directory = literalDirectory(parsed.regex().pattern());
        List<String> candidates = parsed.module().isPresent()
                ? moduleResources(parsed.module().get(), directory)
                : classpathResources(directory);
        return candidates.stream().filter(name -> parsed.regex().matcher(name).matches()).distinct().toList();
    }

    /** Whether a bundle exists: a ResourceBundle class or a {@code .properties} file on the classpath. */
    public static boolean bundleExists(String name) {
        try {
            Class.forName(name, false, NativeImageConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return NativeImageConfig.class.getClassLoader().getResource(name.replace('.', '/') + ".properties") != null;
        }
    }

    private record ModulePattern(Optional<String> module, Pattern regex) {
    }

    private static ModulePattern split(String pattern) {
        int colon = pattern.indexOf(':');
        if (colon > 0 && ModuleLayer.boot().findModule(pattern.substring(0, colon)).isPresent()) {
            return new ModulePattern(Optional.of(pattern.substring(0, colon)), Pattern.compile(pattern.substring(colon + 1)));
        }
        return new ModulePattern(Optional.empty(), Pattern.compile(pattern));
    }

    /** The directory part of a pattern's literal prefix: {@code model/[^/]+\.onnx} → {@code model/}. */
    static String literalDirectory(String regex) {
        Matcher meta = REGEX_META.matcher(regex);
        String literal = meta.find() ? regex.substring(0, meta.start()) : regex;
        return literal.substring(0, literal.lastIndexOf('/') + 1);
    }

    private static List<String> classpathResources(String directory) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = NativeImageConfig.class.getClassLoader().getResources(directory);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("jar".equals(root.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) root.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(JarEntry::getName)
                                .filter(name -> name.startsWith(directory) && !name.endsWith("/"))
                                .forEach(names::add);
                    }
                } else if ("file".equals(root.getProtocol())) {
                    Path base = Path.of(root.toURI());
                    try (Stream<Path> files = Files.walk(base)) {
                        files.filter(Files::isRegularFile)
                                .map(file -> directory + base.relativize(file).toString().replace('\\', '/'))
                                .forEach(names::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static List<String> moduleResources(String module, String directory) {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path base = jrt.getPath("/modules", module);
        Path start = base.resolve(directory);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile).map(file -> base.relativize(file).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- native libraries ---------------------------------------------------------------------

    /**
     * The NUL-terminated printable strings of an ELF shared library's read-only data
     * ({@code .rodata*} sections), where JNI code keeps the class names, method names and
     * descriptors it passes to {@code FindClass}, {@code GetMethodID} and {@code GetFieldID}.
     */
    public static List<String> rodataStrings(byte[] elf) {
        ByteBuffer buffer = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || buffer.getInt(0) != 0x464C457F || elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        long sectionTable = buffer.getLong(0x28);
        int entrySize = Short.toUnsignedInt(buffer.getShort(0x3A));
        int count = Short.toUnsignedInt(buffer.getShort(0x3C));
        int namesIndex = Short.toUnsignedInt(buffer.getShort(0x3E));
        long namesOffset = buffer.getLong((int) (sectionTable + (long) namesIndex * entrySize) + 0x18);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int header = (int) (sectionTable + (long) i * entrySize);
            String name = cString(elf, (int) (namesOffset + Integer.toUnsignedLong(buffer.getInt(header))));
            if (name.startsWith(".rodata")) {
                int offset = (int) buffer.getLong(header + 0x18);
                int size = (int) buffer.getLong(header + 0x20);
                splitPrintable(elf, offset, offset + size, strings);
            }
        }
        return strings;
    }

    private static String cString(byte[] bytes, int offset) {
        int end = offset;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static void splitPrintable(byte[] bytes, int from, int to, List<String> into) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                if (i > start) {
                    String candidate = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
                    if (candidate.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                        into.add(candidate);
                    }
                }
                start = i + 1;
            }
        }
    }

    /** Java class names in JNI strings: bare ({@code a/b/C}) or inside descriptors ({@code La/b/C;}). */
    public static Set<String> javaClassNames(List<String> strings, Pattern internalName) {
        Set<String> names = new LinkedHashSet<>();
        for (String string : strings) {
            Matcher matcher = internalName.matcher(string);
            while (matcher.find()) {
                names.add(matcher.group().replace('/', '.'));
            }
        }
        return names;
    }

    // --- shared -------------------------------------------------------------------------------

    public static byte[] read(String resource) {
        try (InputStream in = NativeImageConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object json(String resource) {
        try {
            return ObjectMapper.getDefault().readValue(read(resource), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + resource, e);
        }
    }
}
