package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.junit.jupiter.api.Test;

class ProviderExceptionSerializationTest {

    /** A cause class the reading side cannot load, as the batch runtime's module cannot load the HTTP library's. */
    static final class LibraryOnlyException extends IOException {
        LibraryOnlyException(String message) {
            super(message);
        }
    }

    @Test
    void aFailedStepsExceptionReadsBackWhereTheHttpLibrarysClassesAreInvisible() throws Exception {
        // given: a connection failure caused by a class of the HTTP library
        ProviderIoException failure = new ProviderIoException("list models failed",
                new LibraryOnlyException("Connect to 127.0.0.1:38833 failed: Connection refused"));

        // when: serialized, then read by a stream that refuses that class
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(failure);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (desc.getName().equals(LibraryOnlyException.class.getName())) {
                    throw new ClassNotFoundException(desc.getName());
                }
                return super.resolveClass(desc);
            }
        }) {
            read = in.readObject();
        }

        // then: the message keeps the cause's class and words; nothing of the library is needed to read it
        assertThat(read).isInstanceOf(ProviderException.class);
        ProviderException back = (ProviderException) read;
        assertThat(back.getMessage()).isEqualTo("list models failed (caused by "
                + LibraryOnlyException.class.getName() + ": Connect to 127.0.0.1:38833 failed: Connection refused)");
        assertThat(back.getCause()).isNull();
        assertThat(back.getStackTrace()).isEqualTo(failure.getStackTrace());
    }

    @Test
    void anAnsweredErrorReadsBackWithTheStatusAndCodeThatCallersTest() throws Exception {
        // given
        ProviderException failure = ProviderExceptionMapper.create(400, "req_1", "model_decommissioned",
                "invalid_request_error", "the model has been decommissioned", null);

        // when
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(failure);
        }
        ProviderException back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ProviderException) in.readObject();
        }

        // then
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.code()).contains("model_decommissioned");
        assertThat(back.requestId()).contains("req_1");
        assertThat(back.dooms()).isTrue();
        assertThat(back.retryable()).isFalse();
        assertThat(back.getMessage()).isEqualTo(failure.getMessage());
    }
}
