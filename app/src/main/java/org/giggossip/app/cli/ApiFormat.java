package org.giggossip.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.giggossip.node.api.ApiJson;

/** Human-readable renderings of the app API's JSON answers, one line per thing where possible. */
final class ApiFormat {
    private ApiFormat() {}

    /** Millisatoshis as satoshis: {@code 1500 sat}, or {@code 1500.123 sat} when not whole. */
    static String sat(long msat) {
        return msat % 1000 == 0 ? (msat / 1000) + " sat"
            : String.format(java.util.Locale.ROOT, "%d.%03d sat", msat / 1000, Math.abs(msat % 1000));
    }

    /** A topic: {@code taxi u4pruyd -> u4pruzz, pickup A .. B} or {@code app KIND: TEXT}. */
    static String topic(JsonNode topic) {
        if (topic.has("taxi")) {
            JsonNode t = topic.get("taxi");
            return "taxi " + t.path("from").asText() + " -> " + t.path("to").asText() + ", pickup "
                + t.path("pickup_after").asText() + " .. " + t.path("pickup_before").asText();
        }
        JsonNode a = topic.path("app");
        return "app " + a.path("kind").asText() + ": " + bytes(a.path("data"));
    }

    /** Bytes by the API's rule: the text, or {@code base64:...}. */
    static String bytes(JsonNode bytes) {
        return bytes.has("utf8") ? bytes.get("utf8").asText() : "base64:" + bytes.path("base64").asText();
    }

    /**
     * One offer: {@code #2  job 1500 sat + network 20 sat = 1520 sat, settler ab12..., valid until T}, and
     * {@code , worker certified driving_licence=valid} when the worker's certificate certifies properties.
     */
    static String offer(JsonNode o) {
        long job = o.path("job_price_msat").asLong();
        long net = o.path("network_fee_msat").asLong();
        String certified = certified(o.path("worker_properties"));
        return "#" + o.path("number").asInt() + "  job " + sat(job) + " + network " + sat(net) + " = "
            + sat(job + net) + ", settler " + abbrev(o.path("settler").asText()) + ", valid until "
            + o.path("expires_at").asText() + (certified.isEmpty() ? "" : ", worker certified " + certified);
    }

    /**
     * A worker's certified properties: {@code driving_licence=valid, seats=4}, empty for none. The values
     * come from a certificate, so control characters are shown as {@code ?}, never sent to the terminal.
     */
    static String certified(JsonNode properties) {
        java.util.List<String> out = new java.util.ArrayList<>();
        properties.properties().forEach(p -> out.add((p.getKey() + "=" + p.getValue().asText())
            .replaceAll("\\p{Cntrl}", "?")));
        return String.join(", ", out);
    }

    /** The offers of a job, cheapest in all (job price + network fee) first, then by number; one line each. */
    static java.util.List<String> offersByPrice(JsonNode offers) {
        java.util.List<JsonNode> sorted = new java.util.ArrayList<>();
        offers.forEach(sorted::add);
        sorted.sort(java.util.Comparator.<JsonNode>comparingLong(o -> o.path("job_price_msat").asLong()
                + o.path("network_fee_msat").asLong()).thenComparingInt(o -> o.path("number").asInt()));
        return sorted.stream().map(ApiFormat::offer).toList();
    }

    /**
     * Whether an offer of the job was taken, and by whom: {@code offer #2 chosen by you (gg job accept) at T;
     * the job is PAID}, {@code offer #2 chosen by the auto_choose policy at T; ...}, or, while none is, how to
     * take one.
     */
    static String choice(JsonNode j) {
        String state = j.path("state").asText();
        if (!j.has("chosen")) {
            return state.equals("OPEN")
                ? "no offer chosen: nothing is paid until you take one with `gg job accept " + j.path("id").asText()
                    + " OFFER`"
                : "no offer chosen; the job is " + state;
        }
        String by = switch (j.path("chosen_by").asText()) {
            case "policy" -> "by the auto_choose policy";
            case "customer" -> "by you (gg job accept)";
            default -> "";
        };
        return "offer #" + j.get("chosen").asInt() + " chosen " + by
            + (j.has("chosen_at") ? " at " + j.get("chosen_at").asText() : "") + "; the job is " + state
            + (j.has("outcome") ? ", job payment " + j.get("outcome").asText() : "");
    }

    /** A job on one line: id, state, offers, topic. */
    static String jobLine(JsonNode j) {
        return j.path("id").asText() + "  " + j.path("state").asText() + "  offers " + j.path("offers").size()
            + "  " + topic(j.path("topic"));
    }

    /** A job in a few lines. */
    static String job(JsonNode j) {
        StringBuilder b = new StringBuilder();
        b.append("job     ").append(j.path("id").asText()).append('\n');
        b.append("state   ").append(j.path("state").asText()).append('\n');
        b.append("topic   ").append(topic(j.path("topic"))).append('\n');
        b.append("posted  ").append(j.path("posted").asText()).append('\n');
        if (j.has("outcome")) {
            b.append("payment ").append(j.get("outcome").asText()).append('\n');
        }
        if (j.has("decided_by")) {
            b.append("decided ").append(decider(j.get("decided_by").asText())).append('\n');
        }
        if (j.has("reason")) {
            b.append("reason  ").append(j.get("reason").asText()).append('\n');
        }
        b.append("choice  ").append(choice(j)).append('\n');
        b.append("offers  ").append(j.path("offers").size()).append(" (cheapest first)").append('\n');
        java.util.List<String> lines = offersByPrice(j.path("offers"));
        for (String line : lines) {
            String mark = j.has("chosen") && line.startsWith("#" + j.get("chosen").asInt() + "  ") ? " (chosen)" : "";
            b.append("  ").append(line).append(mark).append('\n');
        }
        if (j.has("worker")) {
            b.append("worker  ").append(j.get("worker").asText()).append('\n');
            String certified = certified(j.path("worker_properties"));
            if (!certified.isEmpty()) {
                b.append("        certified ").append(certified).append('\n');
            }
        }
        if (j.has("reply")) {
            b.append("reply   ").append(bytes(j.get("reply"))).append('\n');
        }
        return b.toString().stripTrailing();
    }

    /** Who ended a dispute, in words, with the API's name. */
    static String decider(String decidedBy) {
        return switch (decidedBy) {
            case "admin" -> "by the settler's administrator (admin)";
            case "customer_withdrew" -> "by us: we withdrew the dispute (customer_withdrew)";
            case "default" -> "by default: no administrator ruled in time (default)";
            default -> decidedBy;
        };
    }

    static String abbrev(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
    }

    static JsonNode object() {
        return ApiJson.MAPPER.createObjectNode();
    }
}
