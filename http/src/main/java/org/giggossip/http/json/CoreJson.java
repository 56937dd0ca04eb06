package org.giggossip.http.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.giggossip.core.crypto.PublicKey;
import org.giggossip.core.payment.Preimage;
import org.giggossip.core.util.Hex;
import org.giggossip.core.wire.AskId;
import org.giggossip.core.wire.CertificateId;
import org.giggossip.core.wire.FixedBytes;
import org.giggossip.core.wire.Hash32;
import org.giggossip.core.wire.PayloadId;

/**
 * The JSON of our services, one set-up for all: records are written and read by their
 * components (no other accessor becomes a field), names in snake_case ({@code replyAmountMsat}
 * is {@code reply_amount_msat}), and core's values as:
 * <ul>
 *   <li>{@link PublicKey}, {@link FixedBytes} ({@link Hash32}, {@link PayloadId}, {@link AskId},
 *       {@link CertificateId}) and {@link Preimage}: lower-case hex strings of their exact size;</li>
 *   <li>{@link Instant}: ISO-8601 UTC strings;</li>
 *   <li>{@link Optional}: its value; a record component that is an empty {@code Optional} is
 *       left out (a null one is written as {@code null});</li>
 *   <li>enums: their names.</li>
 * </ul>
 * Reading is strict: unknown, missing, null or duplicate fields, strings for numbers, fractions
 * for integers and trailing data are refused, and the parser keeps {@link #READ_LIMITS} (so a
 * deeply nested or huge body is refused, not followed down the stack).
 */
public final class CoreJson {
    /** Deepest nesting of arrays and objects read; our bodies need a handful. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string value read, in characters (above every body limit of ours). */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    /** Longest number read, in characters: a signed 64-bit integer needs 20. */
    public static final int MAX_NUMBER_LENGTH = 32;
    /** Longest field name read, in characters. */
    public static final int MAX_NAME_LENGTH = 256;

    /** The limits of the parser; a body over any of them is malformed. */
    public static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private CoreJson() {}

    /**
     * A strict mapper with our naming, core's values and {@code extra} (a service's own
     * encodings, registered after core's so they win); thread-safe once built.
     */
    public static JsonMapper mapper(SimpleModule... extra) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(READ_LIMITS)
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH * 4).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper.Builder b = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.CUSTOM,
                        JsonInclude.Include.ALWAYS, EmptyOptional.class, null))
                .addModule(module());
        for (SimpleModule m : extra) {
            b.addModule(m);
        }
        return b.build();
    }

    /**
     * A reader of what a service of ours wrote (an answer, not a request): a record component
     * that was left out (an empty {@code Optional}) or written as {@code null} (a nullable one)
     * may be missing or null; unknown fields and the read limits still hold.
     */
    public static ObjectReader views(ObjectMapper mapper) {
        return mapper.reader().without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    }

    /** The JSON field of a record component: {@code replyAmountMsat} is {@code reply_amount_msat}. */
    public static String fieldName(String component) {
        return SNAKE.translate(component);
    }

    /** Core's value types, records by their components, and {@link Optional}. */
    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("giggossip-core") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new OptionalDeserializers());
            }
        };
        m.addSerializer(PublicKey.class, string(PublicKey.class, PublicKey::hex));
        m.addSerializer(FixedBytes.class, string(FixedBytes.class, FixedBytes::hex));
        m.addSerializer(Preimage.class, string(Preimage.class, p -> Hex.encode(p.bytes())));
        m.addSerializer(Instant.class, string(Instant.class, Instant::toString));
        m.addDeserializer(PublicKey.class, parsed(PublicKey.class, s -> PublicKey.parse(hex(s, PublicKey.SIZE))
                .orElseThrow(() -> new IllegalArgumentException("not an x-only secp256k1 public key"))));
        m.addDeserializer(Hash32.class, parsed(Hash32.class, s -> Hash32.of(hex(s, Hash32.SIZE))));
        m.addDeserializer(PayloadId.class, parsed(PayloadId.class, s -> PayloadId.of(hex(s, PayloadId.SIZE))));
        m.addDeserializer(AskId.class, parsed(AskId.class, s -> AskId.of(hex(s, AskId.SIZE))));
        m.addDeserializer(CertificateId.class,
                parsed(CertificateId.class, s -> CertificateId.of(hex(s, CertificateId.SIZE))));
        m.addDeserializer(Preimage.class, parsed(Preimage.class, s -> Preimage.of(hex(s, Preimage.SIZE))));
        m.addDeserializer(Instant.class, parsed(Instant.class, Instant::parse));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Optional<?>> optional = (Class) Optional.class;
        m.addSerializer(optional, new OptionalSerializer());
        m.setSerializerModifier(new RecordComponentsOnly());
        return m;
    }

    /** Exactly {@code bytes} bytes as lower-case hex. */
    public static byte[] hex(String hex, int bytes) {
        if (hex.length() != bytes * 2
                || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("must be " + bytes * 2 + " lower-case hex digits");
        }
        return Hex.decode(hex);
    }

    /** A serializer that writes {@code type} as the string {@code text} gives. */
    public static <T> StdSerializer<T> string(Class<T> type, Function<T, String> text) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(text.apply(value));
            }
        };
    }

    /**
     * A deserializer that reads {@code type} from a JSON string through {@code parse}; a value
     * that is not a string, or that {@code parse} refuses (any runtime exception), is malformed.
     */
    public static <T> StdDeserializer<T> parsed(Class<T> type, Function<String, T> parse) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                String text = p.getText();
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw ctxt.weirdStringException(clip(text), type, e.getMessage());
                }
            }
        };
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** The inclusion filter that leaves out an empty {@link Optional} (Jackson calls its equals). */
    static final class EmptyOptional {
        @Override
        public boolean equals(Object value) {
            return value instanceof Optional<?> o && o.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** An {@link Optional} as its value, or {@code null} when empty. */
    private static final class OptionalSerializer extends StdSerializer<Optional<?>> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        OptionalSerializer() {
            super((Class) Optional.class);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Optional<?> value) {
            return value == null || value.isEmpty();
        }

        @Override
        public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }

    /** Finds {@link OptionalDeserializer} for every {@code Optional<T>}. */
    private static final class OptionalDeserializers extends Deserializers.Base {
        @Override
        public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                BeanDescription beanDesc) {
            return type.hasRawClass(Optional.class) ? new OptionalDeserializer(type.containedTypeOrUnknown(0), null)
                    : null;
        }
    }

    /** {@code Optional<T>}: absent or null is empty, else a T. */
    private static final class OptionalDeserializer extends StdDeserializer<Optional<?>>
            implements ContextualDeserializer {
        private final JavaType content;
        private final JsonDeserializer<Object> contentDeserializer;

        @SuppressWarnings({"unchecked", "rawtypes"})
        OptionalDeserializer(JavaType content, JsonDeserializer<Object> contentDeserializer) {
            super((Class) Optional.class);
            this.content = content;
            this.contentDeserializer = contentDeserializer;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            return new OptionalDeserializer(content, ctxt.findContextualValueDeserializer(content, property));
        }

        @Override
        public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Optional.of(contentDeserializer.deserialize(p, ctxt));
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws IOException {
            return deserialize(p, ctxt);
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Optional.empty();
        }
    }

    /** A record is written by its components only, as its canonical constructor takes them. */
    private static final class RecordComponentsOnly extends BeanSerializerModifier {
        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription beanDesc,
                List<BeanPropertyWriter> properties) {
            Class<?> type = beanDesc.getBeanClass();
            if (!type.isRecord()) {
                return properties;
            }
            Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            return properties.stream().filter(w -> components.contains(w.getMember().getName())).toList();
        }
    }
}
