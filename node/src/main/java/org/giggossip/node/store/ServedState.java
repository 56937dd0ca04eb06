package org.giggossip.node.store;

import java.util.Map;
import org.giggossip.store.JdbcStateTable;
import org.giggossip.core.durable.StateChanges;

/**
 * The durable state of the settler and regtest ledger a node serves
 * ({@code [settler] serve = true}): the rows of the ledger, of the settler and of
 * the map from remote nodes to their ledger accounts, each in a table of its own,
 * changed together in one transaction (write-ahead: committed before the served
 * services act on the input that changed them).
 */
public final class ServedState {
    /** The tables, by what they hold. */
    public enum Table {
        LEDGER("served_ledger"), SETTLER("served_settler"), ACCOUNTS("served_accounts");

        private final JdbcStateTable table;

        Table(String name) {
            this.table = new JdbcStateTable(name);
        }
    }

    private final Db db;

    ServedState(Db db) {
        this.db = db;
    }

    /** Every row of {@code table}, by key. */
    public Map<String, byte[]> load(Table table) {
        return db.read(table.table::loadAll);
    }

    /** Applies the changes to each table in one transaction, committed when this returns. */
    public void commit(StateChanges ledger, StateChanges settler, StateChanges accounts) {
        if (ledger.isEmpty() && settler.isEmpty() && accounts.isEmpty()) {
            return;
        }
        db.write(c -> {
            Table.LEDGER.table.apply(c, ledger);
            Table.SETTLER.table.apply(c, settler);
            Table.ACCOUNTS.table.apply(c, accounts);
            return null;
        });
    }
}
