package org.giggossip.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void escapesWhatRfc8259RequiresAndWhatHtmlNeeds() {
        assertThat(JsonWriter.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(JsonWriter.quote("\n\r\t\b\f\u0000\u001f")).isEqualTo("\"\\n\\r\\t\\b\\f\\u0000\\u001f\"");
        assertThat(JsonWriter.quote("</script><!--&")).isEqualTo("\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
        assertThat(JsonWriter.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(JsonWriter.quote("Sydney ☕ 😀 é")).isEqualTo("\"Sydney ☕ 😀 é\"");
        assertThat(JsonWriter.quote("lone \ud800 high, lone \udc00 low"))
            .isEqualTo("\"lone \\ud800 high, lone \\udc00 low\"");
    }

    @Test
    void writesNestedValuesInInsertionOrder() {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).beginObject()
            .field("zeta", 1)
            .field("alpha", "x")
            .name("list").beginArray().value(1.5).value(true).nullValue().value((String) null)
                .beginObject().endObject().beginArray().endArray().endArray()
            .field("nan", Double.NaN)
            .field("big", 1e21)
            .field("small", 0.0000004)
            .field("third", 1.0 / 3)
            .field("negZero", -0.0)
            .endObject();
        assertThat(out.toString()).isEqualTo("{\"zeta\":1,\"alpha\":\"x\",\"list\":[1.5,true,null,null,{},[]],"
            + "\"nan\":null,\"big\":1000000000000000000000,\"small\":0,\"third\":0.333333,\"negZero\":0}");
    }

    @Test
    void prettyPrintsWithTwoSpaces() {
        StringBuilder out = new StringBuilder();
        JsonWriter w = new JsonWriter(out, true, 3);
        w.beginObject().field("a", 1).name("b").beginArray().value(2.25).value("c").endArray()
            .name("e").beginObject().endObject().endObject();
        assertThat(out.toString()).isEqualTo("{\n  \"a\": 1,\n  \"b\": [\n    2.25,\n    \"c\"\n  ],\n  \"e\": {}\n}");
        assertThat(w.isComplete()).isTrue();
    }

    @Test
    void refusesMisuse() {
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().value(1))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginArray().name("x"))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginArray().endObject())
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).value(1).value(2))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().name("a").endObject())
            .isInstanceOf(IllegalStateException.class);
    }

    /** Any string survives quoting: a strict decoder gets it back, and no raw control character is left. */
    @Property(tries = 1000)
    void quotingRoundTrips(@ForAll String s) {
        String quoted = JsonWriter.quote(s);
        assertThat(quoted.chars().noneMatch(c -> c < 0x20)).isTrue();
        assertThat(unquote(quoted)).isEqualTo(s);
    }

    /** A strict decoder of one JSON string literal, written for this test. */
    private static String unquote(String literal) {
        assertThat(literal).startsWith("\"").endsWith("\"");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            assertThat(c).isNotEqualTo('"');
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape \\" + e);
            }
        }
        return out.toString();
    }
}
