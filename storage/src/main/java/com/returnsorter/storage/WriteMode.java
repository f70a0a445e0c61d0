package com.returnsorter.storage;

/** How {@link ObjectStore#write} treats an existing object. */
public enum WriteMode {
    /** Create the object only if the key does not exist; checked atomically by the store. */
    CREATE_NEW,
    /** Replace any existing object atomically (readers see the old or the new version, never a mix). */
    OVERWRITE
}
