package dev.cvt.runtime.report;

import java.io.StringWriter;
import java.util.Map;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader;

/**
 * The Velocity set-up of the report: templates from this package's resources, strict references
 * (a misspelt {@code $name} fails instead of printing itself) and every inserted value
 * HTML-escaped (class names and messages come from users' files).
 */
final class Templates {
    static final String PACKAGE = "dev/cvt/runtime/report/";

    private Templates() {
    }

    static String render(String template, Map<String, Object> values) {
        // Velocity loads its own parts by name through the context class loader; in a Maven plugin
        // (the site plugin above all) that loader may hold another Velocity, so use ours meanwhile
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Templates.class.getClassLoader());
        try {
            VelocityEngine engine = new VelocityEngine();
            engine.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
            engine.setProperty("resource.loader.classpath.instance", new ClasspathResourceLoader());
            engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, true);
            engine.setProperty(RuntimeConstants.STRICT_MATH, true);
            engine.setProperty(RuntimeConstants.VM_LIBRARY, PACKAGE + "macros.vm");
            engine.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
            engine.init();
            VelocityContext context = new VelocityContext(new java.util.HashMap<>(values));
            EventCartridge events = new EventCartridge();
            events.addEventHandler(new HtmlEscaping());
            events.attachToContext(context);
            Template page = engine.getTemplate(PACKAGE + template, "UTF-8");
            StringWriter out = new StringWriter();
            page.merge(context, out);
            return out.toString();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Escapes the five HTML-special characters of every value a template inserts. */
    static final class HtmlEscaping implements ReferenceInsertionEventHandler {
        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            return value == null ? null : escape(value.toString());
        }

        static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
