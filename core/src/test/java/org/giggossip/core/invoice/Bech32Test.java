package org.giggossip.core.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.giggossip.core.wire.DecodeError;
import org.giggossip.core.wire.DecodeError.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Bech32 (BIP 173) without the 90-character limit, and the 8-bit/5-bit conversions. */
class Bech32Test {

    static DecodeError error(String s, int maxLength) {
        return Bech32.decode(s, maxLength).errorIfAny().orElseThrow(() -> new AssertionError("decoded " + s));
    }

    /** Valid strings of BIP 173, each decoding and re-encoding to itself in lower case. */
    @ParameterizedTest
    @ValueSource(strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    })
    void validStrings(String s) {
        Bech32.Parts parts = Bech32.decode(s, 200).orElseThrow();
        assertThat(Bech32.encode(parts.hrp(), parts.words())).isEqualTo(s.toLowerCase(Locale.ROOT));
    }

    @Test
    void theAlphabetInOrder() {
        Bech32.Parts parts = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", 90).orElseThrow();
        assertThat(parts.hrp()).isEqualTo("abcdef");
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) i;
        }
        assertThat(parts.words()).isEqualTo(expected);
    }

    @Test
    void invalidStrings() {
        assertThat(error("a12uel5m", 90).detail()).contains("bad checksum");
        assertThat(error("A12uel5l", 90).detail()).contains("mixed upper and lower case");
        assertThat(error("a2uel5l", 90).detail()).contains("no separator");
        assertThat(error("1qzzfhee", 90).detail()).contains("empty human-readable part");
        assertThat(error("a1uel5", 90).detail()).contains("shorter than the checksum");
        assertThat(error("a1b2uel5l", 90).detail()).contains("not a data character");
        assertThat(error("a 12uel5l", 90).detail()).contains("not printable ASCII");
        assertThat(error("\u007f12uel5l", 90).detail()).contains("not printable ASCII");
        assertThat(error("é12uel5l", 90).detail()).contains("not printable ASCII");
        assertThat(error(null, 90).reason()).isEqualTo(Reason.MISSING_FIELD);
    }

    @Test
    void lengthIsCheckedBeforeAnythingElse() {
        String ninetyOne = "a1" + "q".repeat(89);
        assertThat(error(ninetyOne, 90).reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(error(ninetyOne, 91).reason()).isEqualTo(Reason.MALFORMED); // now the checksum
        String long7089 = Bech32.encode("lnbc", new byte[7089 - 5 - 6]);
        assertThat(long7089).hasSize(7089);
        assertThat(Bech32.decode(long7089, 7089).isOk()).isTrue();
        assertThat(error(long7089 + "q", 7089).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void encodeRefusesBadInput() {
        assertThatThrownBy(() -> Bech32.encode("", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bech32.encode("a b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bech32.encode("a", new byte[] {32})).isInstanceOf(IllegalArgumentException.class);
        assertThat(Bech32.encode("A", new byte[0])).isEqualTo("a12uel5l");
    }

    @Test
    void conversions() {
        assertThat(Bech32.toWords(new byte[] {(byte) 0xff})).containsExactly(31, 28);
        assertThat(Bech32.toWords(new byte[0])).isEmpty();
        assertThat(Bech32.fromWords(new byte[] {31, 28}, 0, 2)).containsExactly(0xff);
        assertThat(Bech32.fromWords(new byte[] {31}, 0, 1)).isEmpty(); // 5 bits: padding only
        assertThat(Bech32.fromWordsPadded(new byte[] {31}, 0, 1)).containsExactly(0xf8);
        assertThat(Bech32.fromWordsPadded(new byte[] {0, 31, 28, 0}, 1, 2)).containsExactly(0xff, 0x00);
        assertThatThrownBy(() -> Bech32.fromWords(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Property(tries = 2_000)
    void bytesSurviveTheTripThroughWords(@ForAll("bytes") byte[] bytes) {
        byte[] words = Bech32.toWords(bytes);
        assertThat(words.length).isEqualTo((bytes.length * 8 + 4) / 5);
        assertThat(Bech32.fromWords(words, 0, words.length)).isEqualTo(bytes);
    }

    @Property(tries = 2_000)
    void encodeThenDecode(@ForAll("hrps") String hrp, @ForAll("words") byte[] words) {
        String s = Bech32.encode(hrp, words);
        Bech32.Parts parts = Bech32.decode(s, 10_000).orElseThrow();
        assertThat(parts).isEqualTo(new Bech32.Parts(hrp, words));
        assertThat(Bech32.decode(s.toUpperCase(Locale.ROOT), 10_000).orElseThrow()).isEqualTo(parts);
    }

    @Property(tries = 2_000)
    void everySubstitutionIsDetected(@ForAll("hrps") String hrp, @ForAll("words") byte[] words,
                                     @ForAll @IntRange(min = 0, max = 100_000) int where,
                                     @ForAll @IntRange(min = 1, max = 31) int delta) {
        String s = Bech32.encode(hrp, words);
        int dataStart = hrp.length() + 1;
        int i = dataStart + where % (s.length() - dataStart);
        char replaced = Bech32.CHARSET.charAt((Bech32.CHARSET.indexOf(s.charAt(i)) + delta) % 32);
        String damaged = s.substring(0, i) + replaced + s.substring(i + 1);
        assertThat(error(damaged, 10_000).detail()).contains("bad checksum");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
    }

    @Provide
    Arbitrary<byte[]> words() {
        return Arbitraries.bytes().between((byte) 0, (byte) 31).array(byte[].class).ofMaxSize(1200);
    }

    /** Printable ASCII without upper case (encode writes lower case); a 1 may occur: the separator is the last one. */
    @Provide
    Arbitrary<String> hrps() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20)
                .map(s -> s.toLowerCase(Locale.ROOT));
    }
}
