package com.returnsorter.testing;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** The admin clients of one emulator, over one plaintext channel that is shut down on close. */
final class PubSubClients implements AutoCloseable {

    final ManagedChannel channel;
    final TransportChannelProvider channelProvider;
    final CredentialsProvider credentialsProvider = NoCredentialsProvider.create();
    final TopicAdminClient topics;
    final SubscriptionAdminClient subscriptions;

    private PubSubClients(String host) throws IOException {
        channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
        channelProvider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channelProvider)
                .setCredentialsProvider(credentialsProvider)
                .build());
        subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channelProvider)
                .setCredentialsProvider(credentialsProvider)
                .build());
    }

    static PubSubClients connect(String host) {
        try {
            return new PubSubClients(host);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create Pub/Sub clients for " + host, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        topics.close();
        subscriptions.close();
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
