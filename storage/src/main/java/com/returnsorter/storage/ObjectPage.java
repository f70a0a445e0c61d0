package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param objects       the objects of this page, in key order
 * @param nextPageToken pass to {@link ObjectStore#list} for the next page; null when this is the last page
 */
public record ObjectPage(List<ObjectInfo> objects, @Nullable String nextPageToken) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }

    public boolean hasNextPage() {
        return nextPageToken != null;
    }
}
