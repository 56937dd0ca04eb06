package org.giggossip.core.util;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a record's components by reflection, for writers that render any record (JSON views). */
public final class Records {
    private Records() {}

    /** The record's components by name, in declaration order. */
    public static Map<String, Object> components(Record r) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                values.put(c.getName(), c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
            }
        }
        return values;
    }
}
