package org.giggossip.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.giggossip.core.wire.VectorFile.Field;

/**
 * The fields of a protobuf message as vector lines, in wire order (field
 * numbers ascending): {@code path = value}, the path of a nested field joined
 * with dots, of a repeated one indexed {@code [i]}. Scalars without presence are
 * listed even when they hold their default (and so are absent from the bytes);
 * a message field or a oneof member only when set, an empty message as
 * {@code {}}, an enum as its name and number. A bytes field that holds a serialized message of its own (a signed
 * body, the broadcast payload the work covers) is listed as bytes and then
 * decoded, its fields under the same path.
 */
final class ProtoFields {
    private ProtoFields() {}

    /** Bytes fields holding a serialized message, by {@code Message.field}. */
    private static final Map<String, Parser<? extends Message>> NESTED = Map.of(
            "Certificate.body", org.giggossip.core.wire.proto.CertificateBody.parser(),
            "RevocationList.body", org.giggossip.core.wire.proto.RevocationListBody.parser(),
            "SignedRequestPayload.request_payload", org.giggossip.core.wire.proto.RequestPayload.parser(),
            "SettlementPromise.body", org.giggossip.core.wire.proto.SettlementPromiseBody.parser(),
            "POWBroadcastFrame.broadcast_payload", org.giggossip.core.wire.proto.BroadcastPayload.parser(),
            "Enrolled.certificate", org.giggossip.core.wire.proto.Certificate.parser(),
            "SealReplyCall.reply_payload", org.giggossip.core.wire.proto.ReplyPayload.parser());

    /** The lines of {@code message}, its paths starting with {@code prefix} (empty for none). */
    static List<Field> of(String prefix, Message message) {
        List<Field> out = new ArrayList<>();
        add(out, prefix, message);
        return out;
    }

    private static void add(List<Field> out, String prefix, Message m) {
        List<FieldDescriptor> fields = new ArrayList<>(m.getDescriptorForType().getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        for (FieldDescriptor f : fields) {
            String path = prefix.isEmpty() ? f.getName() : prefix + "." + f.getName();
            if (f.isRepeated()) {
                for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
                    value(out, path + "[" + i + "]", f, m.getRepeatedField(f, i));
                }
            } else if (!f.hasPresence() || m.hasField(f)) {
                value(out, path, f, m.getField(f));
            }
        }
    }

    private static void value(List<Field> out, String path, FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case MESSAGE -> {
                int before = out.size();
                add(out, path, (Message) v);
                if (out.size() == before) {
                    out.add(new Field(path, "{}"));
                }
            }
            case BYTE_STRING -> {
                ByteString b = (ByteString) v;
                out.add(new Field(path, VectorFile.bytes(b.toByteArray())));
                Parser<? extends Message> nested = NESTED.get(f.getContainingType().getName() + "." + f.getName());
                if (nested != null && !b.isEmpty()) {
                    try {
                        add(out, path, nested.parseFrom(b));
                    } catch (InvalidProtocolBufferException e) {
                        out.add(new Field(path + ".(undecodable)", VectorFile.quote(e.getMessage())));
                    }
                }
            }
            case STRING -> out.add(new Field(path, VectorFile.quote((String) v)));
            case ENUM -> out.add(new Field(path, ((EnumValueDescriptor) v).getName() + " ("
                    + ((EnumValueDescriptor) v).getNumber() + ")"));
            case LONG -> out.add(new Field(path, switch (f.getType()) {
                case UINT64, FIXED64 -> Long.toUnsignedString((Long) v);
                default -> Long.toString((Long) v);
            }));
            case INT -> out.add(new Field(path, switch (f.getType()) {
                case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) v);
                default -> Integer.toString((Integer) v);
            }));
            case BOOLEAN, FLOAT, DOUBLE -> out.add(new Field(path, String.valueOf(v)));
        }
    }
}
