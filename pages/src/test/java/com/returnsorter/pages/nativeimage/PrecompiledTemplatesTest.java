package com.returnsorter.pages.nativeimage;

import com.returnsorter.pages.Pages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PrecompiledTemplatesTest {

    @Test
    void findsEveryGeneratedTemplateOfThisModuleAndNothingElse() throws Exception {
        Path classes = Path.of(Pages.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        List<String> names = PrecompiledTemplates.classNames(List.of(classes));

        assertThat(names).contains("gg.jte.generated.precompiled.JtelayoutGenerated",
                        "gg.jte.generated.precompiled.JtedashboardGenerated",
                        "gg.jte.generated.precompiled.JtereportGenerated",
                        "gg.jte.generated.precompiled.partials.JtebarsGenerated",
                        "gg.jte.generated.precompiled.email.JtealertGenerated")
                .allSatisfy(name -> {
                    assertThat(name).startsWith(PrecompiledTemplates.PACKAGE + ".").doesNotContain("$");
                    assertThat(Class.forName(name).getField("JTE_NAME").get(null)).asString().endsWith(".jte");
                });
        // One class per template file.
        try (var templates = Files.walk(Path.of("src/main/jte"))) {
            assertThat(names).hasSize((int) templates.filter(path -> path.toString().endsWith(".jte")).count());
        }
    }

    @Test
    void readsJarsToo(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("pages.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("gg/jte/generated/precompiled/JtelayoutGenerated.class",
                    "gg/jte/generated/precompiled/JtelayoutGenerated$1.class", "com/example/Other.class")) {
                out.putNextEntry(new JarEntry(entry));
                out.write(0);
                out.closeEntry();
            }
        }

        assertThat(PrecompiledTemplates.classNames(List.of(jar, dir.resolve("missing"))))
                .containsExactly("gg.jte.generated.precompiled.JtelayoutGenerated");
    }
}
