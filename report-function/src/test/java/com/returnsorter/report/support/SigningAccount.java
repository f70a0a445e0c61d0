package com.returnsorter.report.support;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * The report service account of a test: a generated RSA key pair in a {@link ServiceAccountCredentials}, which
 * signs locally as {@code ComputeEngineCredentials} signs through IAM on Cloud Run (both are the library's
 * {@code ServiceAccountSigner}). Its public key verifies what it signed.
 */
public final class SigningAccount {

    public static final String EMAIL = "report-function@return-sorter-test.iam.gserviceaccount.com";
    private final KeyPair keys;
    private final ServiceAccountCredentials credentials;

    public SigningAccount() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.credentials = ServiceAccountCredentials.newBuilder().setClientEmail(EMAIL).setClientId("1234567890")
                .setPrivateKey(keys.getPrivate()).setPrivateKeyId("test-key-1").setProjectId(ReportService.PROJECT)
                .build();
    }

    public KeyPair keys() {
        return keys;
    }

    /**
     * A Cloud Storage client signing as this account, whose other requests go to {@code host} (a local server)
     * and never to Google.
     */
    public Storage storage(String host) {
        // Never Google's token server either: the JSON API's OAuth token comes from {@code host}/token.
        return StorageOptions.newBuilder().setProjectId(ReportService.PROJECT).setHost(host)
                .setCredentials(credentials.toBuilder().setTokenServerUri(java.net.URI.create(host + "/token")).build())
                .build().getService();
    }

    /** A client without a signer (what a deployment without a service account's credentials has). */
    public static Storage unsigned(String host) {
        return StorageOptions.newBuilder().setProjectId(ReportService.PROJECT).setHost(host)
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }
}
