package dev.cvt.runtime;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON files a run leaves (run.json, metrics.jsonl, evaluation.json), each a Java record written
 * and read here with gson. Field names are the record components' in snake case ({@code balancedAccuracy}
 * is {@code balanced_accuracy}). One rule for numbers that are not finite: NaN and infinities are
 * written as {@code null}, and {@code null} reads back as NaN; every field is always written, so a
 * field missing from a file is a damaged file, not a zero.
 */
public final class JsonFiles {
    private static final TypeAdapter<Double> NON_FINITE_AS_NULL = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.nullValue();
            } else {
                out.value(value);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };


    /** Component types whose value may be null: numbers read it as NaN, the others are optional by design. */
    private static final Set<Class<?>> NULLABLE = Set.of(double.class, Double.class, Integer.class, List.class);
    private static final Gson LINES = gson().create();
    private static final Gson PRETTY = gson().setPrettyPrinting().create();

    /** A record component written as {@code null} when absent by design (a result that was skipped). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Nullable {
    }

    private JsonFiles() {
    }

    private static GsonBuilder gson() {
        return new GsonBuilder()
                .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .serializeNulls()
                .disableHtmlEscaping()
                .registerTypeAdapter(double.class, NON_FINITE_AS_NULL)
                .registerTypeAdapter(Double.class, NON_FINITE_AS_NULL);
    }

    /** The record as one line of JSON (a line of a {@code .jsonl} file). */
    public static String line(Record value) {
        return LINES.toJson(value);
    }

    /** Writes the record, indented, to {@code file} atomically. */
    public static void write(Path file, Record value) {
        AtomicFiles.writeString(file, PRETTY.toJson(value) + "\n");
    }

    /** Writes one line per record to {@code file} atomically. */
    public static void writeLines(Path file, List<? extends Record> values) {
        StringBuilder text = new StringBuilder();
        values.forEach(v -> text.append(line(v)).append('\n'));
        AtomicFiles.writeString(file, text.toString());
    }

    /** The record in {@code file}; a missing, unreadable or damaged file is a {@link CvtException} naming it. */
    public static <T extends Record> T read(Path file, Class<T> type) {
        return parse(text(file), type, file.toString());
    }

    /** The record in {@code file}, or null when there is no such file. */
    public static <T extends Record> T readIfPresent(Path file, Class<T> type) {
        return Files.isRegularFile(file) ? read(file, type) : null;
    }

    /** One record per non-blank line of {@code file}, or null when there is no such file. */
    public static <T extends Record> List<T> readLinesIfPresent(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<T> out = new ArrayList<>();
        String[] lines = text(file).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(parse(lines[i], type, file + ":" + (i + 1)));
            }
        }
        return out;
    }

    /** {@code text} as a record of {@code type}; {@code where} names the source in errors. */
    public static <T extends Record> T parse(String text, Class<T> type, String where) {
        JsonObject object;
        try {
            JsonElement tree = JsonParser.parseString(text);
            if (!tree.isJsonObject()) {
                throw new CvtException(where + ": not a JSON object");
            }
            object = tree.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CvtException(where + ": not JSON (" + firstLine(e) + ")", e);
        }
        requireFields(object, type, "", where);
        try {
            return LINES.fromJson(object, type);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw new CvtException(where + ": a field has the wrong type (" + firstLine(e) + ")", e);
        }
    }

    /**
     * Every component of the record (and of records inside it) must be there; {@code null} only where
     * the writer writes it: numbers (NaN), and boxed, list or {@link Nullable} components that may be absent by design.
     */
    private static void requireFields(JsonObject object, Class<?> type, String prefix, String where) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = jsonName(type, component);
            String path = prefix + name;
            if (!object.has(name)) {
                throw new CvtException(where + ": has no field '" + path + "'; it was not written by this version of cvt-runtime");
            }
            JsonElement value = object.get(name);
            Class<?> kind = component.getType();
            if (value.isJsonNull()) {
                if (!NULLABLE.contains(kind) && !component.isAnnotationPresent(Nullable.class)) {
                    throw new CvtException(where + ": field '" + path + "' is null");
                }
            } else if (kind.isRecord() && value.isJsonObject()) {
                requireFields(value.getAsJsonObject(), kind, path + ".", where);
            } else if (List.class.equals(kind) && value.isJsonArray()
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                for (int i = 0; i < value.getAsJsonArray().size(); i++) {
                    JsonElement item = value.getAsJsonArray().get(i);
                    if (!item.isJsonObject()) {
                        throw new CvtException(where + ": field '" + path + "[" + i + "]' is not an object");
                    }
                    requireFields(item.getAsJsonObject(), element, path + "[" + i + "].", where);
                }
            }
        }
    }

    private static String jsonName(Class<?> type, RecordComponent component) {
        try {
            Field field = type.getDeclaredField(component.getName());
            SerializedName explicit = field.getAnnotation(SerializedName.class);
            return explicit != null ? explicit.value() : FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES.translateName(field);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("a record without the field of its component " + component, e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    }
}
