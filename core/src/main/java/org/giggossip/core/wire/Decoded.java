package org.giggossip.core.wire;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of decoding untrusted bytes: a well-formed value or the reason it
 * is not one. Decoders return this and never throw.
 *
 * @param <T> the type decoded
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Err {

    /** A well-formed value. */
    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Bytes that are not a well-formed value. */
    record Err<T>(DecodeError error) implements Decoded<T> {
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> err(DecodeError.Reason reason, String detail) {
        return new Err<>(new DecodeError(reason, detail));
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value, or empty. */
    default Optional<T> toOptional() {
        return switch (this) {
            case Ok<T> ok -> Optional.of(ok.value());
            case Err<T> err -> Optional.empty();
        };
    }

    /** The error, or empty. */
    default Optional<DecodeError> errorIfAny() {
        return switch (this) {
            case Ok<T> ok -> Optional.empty();
            case Err<T> err -> Optional.of(err.error());
        };
    }

    /**
     * The value, or an {@link IllegalStateException} naming the error. Only for
     * input that is trusted to be well-formed (own storage, test vectors).
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new IllegalStateException("not decodable: " + err.error());
        };
    }

    /** Applies {@code f} to a value; passes an error through. */
    default <U> Decoded<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Err<T> err -> new Err<>(err.error());
        };
    }
}
