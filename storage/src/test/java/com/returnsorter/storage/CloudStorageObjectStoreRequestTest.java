package com.returnsorter.storage;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.micronaut.core.annotation.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Cloud Storage adapter asks of Cloud Storage: the exact preconditions it sends (which
 * the in-memory fake cannot all enforce, see {@link CloudStorageObjectStoreTest}) and how it maps
 * the service's error codes.
 */
class CloudStorageObjectStoreRequestTest {

    private static final String BUCKET = "returns-test";

    private final List<Call> calls = new ArrayList<>();
    private Storage fake;
    @Nullable
    private StorageException failure;
    private CloudStorageObjectStore store;

    record Call(String method, Object[] args) {
    }

    @BeforeEach
    void recordEveryCallToTheClient() {
        fake = LocalStorageHelper.customOptions(false).getService();
        Storage recording = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[]{Storage.class}, (proxy, method, args) -> invoke(method, args));
        store = new CloudStorageObjectStore(recording, BUCKET);
    }

    private Object invoke(Method method, Object[] args) throws Throwable {
        calls.add(new Call(method.getName(), args == null ? new Object[0] : args));
        if (failure != null && !method.getName().equals("get")) {
            throw failure;
        }
        try {
            return method.invoke(fake, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Call last(String method) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).method().equals(method)) {
                return calls.get(i);
            }
        }
        throw new AssertionError("no call to " + method + " in " + calls);
    }

    @Test
    void createNewSendsDoesNotExist() {
        store.write("incoming/a.jpg", bytes("a"), "image/jpeg", WriteMode.CREATE_NEW);

        Call create = last("create");
        assertThat((BlobTargetOption[]) create.args()[2]).containsExactly(BlobTargetOption.doesNotExist());
    }

    @Test
    void overwriteSendsNoPrecondition() {
        store.write("reports/r/summary.json", bytes("{}"), "application/json", WriteMode.OVERWRITE);

        assertThat((BlobTargetOption[]) last("create").args()[2]).isEmpty();
    }

    @Test
    void copySendsTheSourceGenerationAndDoesNotExistForTheTarget() {
        store.write("incoming/a.jpg", bytes("a"), "image/jpeg", WriteMode.OVERWRITE);

        store.copy("incoming/a.jpg", 1234L, "processed/Shirt/a.jpg");

        Storage.CopyRequest request = (Storage.CopyRequest) last("copy").args()[0];
        assertThat(request.getSource()).isEqualTo(BlobId.of(BUCKET, "incoming/a.jpg"));
        assertThat(request.getSourceOptions()).containsExactly(BlobSourceOption.generationMatch(1234L));
        assertThat(request.getTarget().getBlobId()).isEqualTo(BlobId.of(BUCKET, "processed/Shirt/a.jpg"));
        assertThat(request.getTargetOptions()).containsExactly(BlobTargetOption.doesNotExist());
    }

    @Test
    void replaceSendsIfGenerationMatchWithTheExpectedGeneration() {
        store.write("state/runs/r.json", bytes("{}"), "application/json", WriteMode.OVERWRITE);

        store.replace("state/runs/r.json", bytes("{\"v\":2}"), "application/json", 77L);

        Call create = last("create");
        assertThat(((BlobInfo) create.args()[0]).getBlobId()).isEqualTo(BlobId.of(BUCKET, "state/runs/r.json", 77L));
        assertThat((BlobTargetOption[]) create.args()[2]).containsExactly(BlobTargetOption.generationMatch());
    }

    @Test
    void preconditionFailedOnReplaceOfAnExistingObjectIsAStaleGeneration() {
        store.write("state/runs/r.json", bytes("{}"), "application/json", WriteMode.OVERWRITE);
        failure = new StorageException(412, "conditionNotMet");

        assertThatThrownBy(() -> store.replace("state/runs/r.json", bytes("{}"), "application/json", 77L))
                .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void deleteSendsTheGeneration() {
        store.delete("incoming/a.jpg", 42L);

        Call delete = last("delete");
        assertThat(delete.args()[0]).isEqualTo(BlobId.of(BUCKET, "incoming/a.jpg"));
        assertThat((BlobSourceOption[]) delete.args()[1]).containsExactly(BlobSourceOption.generationMatch(42L));
    }

    @Test
    void readAsksForTheGenerationWhoseSizeWasChecked() {
        long generation = store.write("incoming/a.jpg", bytes("abc"), "image/jpeg", WriteMode.OVERWRITE).generation();

        store.read("incoming/a.jpg", 10);

        assertThat((BlobSourceOption[]) last("readAllBytes").args()[1])
                .containsExactly(BlobSourceOption.generationMatch(generation));
    }

    @Test
    void listSendsPrefixPageSizeAndToken() {
        store.list("incoming/", "token-1", 1000);

        assertThat((BlobListOption[]) last("list").args()[1]).containsExactly(
                BlobListOption.prefix("incoming/"), BlobListOption.pageSize(1000), BlobListOption.pageToken("token-1"));
    }

    @Test
    void preconditionFailedOnCreateMeansTheObjectExists() {
        failure = new StorageException(412, "conditionNotMet");

        assertThatThrownBy(() -> store.write("incoming/a.jpg", bytes("a"), "image/jpeg", WriteMode.CREATE_NEW))
                .isInstanceOf(ObjectAlreadyExistsException.class);
    }

    @Test
    void preconditionFailedOnCopyTellsAStaleSourceFromAnExistingTarget() {
        long generation = store.write("incoming/a.jpg", bytes("a"), "image/jpeg", WriteMode.OVERWRITE).generation();
        failure = new StorageException(412, "conditionNotMet");

        assertThatThrownBy(() -> store.copy("incoming/a.jpg", generation, "processed/a.jpg"))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThatThrownBy(() -> store.copy("incoming/a.jpg", generation + 1, "processed/a.jpg"))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> store.copy("incoming/missing.jpg", 1, "processed/a.jpg"))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 412})
    void deleteReturnsFalseWhenAbsentOrAtAnotherGeneration(int code) {
        failure = new StorageException(code, "nope");

        assertThat(store.delete("incoming/a.jpg", 1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void throttlingAndServerErrorsAreTransient(int code) {
        failure = new StorageException(code, "try later");

        assertThatThrownBy(() -> store.list("incoming/", null, 10))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403})
    void clientErrorsAreNotTransient(int code) {
        failure = new StorageException(code, "denied");

        assertThatThrownBy(() -> store.write("incoming/a.jpg", bytes("a"), "image/jpeg", WriteMode.OVERWRITE))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP " + code).contains("gs://returns-test");
                });
    }

    @Test
    void invalidKeysNeverReachTheClient() {
        assertThatThrownBy(() -> store.write("../x", bytes("a"), "image/jpeg", WriteMode.OVERWRITE))
                .isInstanceOf(InvalidObjectKeyException.class);

        assertThat(calls).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
