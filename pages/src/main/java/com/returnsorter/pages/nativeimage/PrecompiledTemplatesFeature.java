package com.returnsorter.pages.nativeimage;

import com.returnsorter.pages.Stylesheet;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;
import org.graalvm.nativeimage.hosted.RuntimeResourceAccess;

/**
 * Makes the precompiled pages work in a GraalVM native image: registers every generated template class
 * (its public fields {@code JTE_NAME}, {@code JTE_LINE_INFO} and methods {@code render}, {@code renderMap},
 * which jte reaches by reflection) and the stylesheet resource. Switched on by
 * {@code META-INF/native-image/com.returnsorter/pages/native-image.properties}; never loaded on a JVM.
 */
public final class PrecompiledTemplatesFeature implements Feature {

    @Override
    public String getDescription() {
        return "Registers Return Sorter's precompiled jte templates and stylesheet";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (String name : PrecompiledTemplates.classNames(access.getApplicationClassPath())) {
            Class<?> template = access.findClassByName(name);
            if (template != null) {
                RuntimeReflection.register(template);
                RuntimeReflection.register(template.getMethods());
                RuntimeReflection.register(template.getFields());
            }
        }
        RuntimeResourceAccess.addResource(Stylesheet.class.getModule(), Stylesheet.RESOURCE);
    }
}
