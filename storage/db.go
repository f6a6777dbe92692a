package storage

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultOpenTimeout is how long Open waits for the file lock held by another
// process before giving up with ErrLocked.
const DefaultOpenTimeout = 2 * time.Second

// Options configure Open. The zero value is usable.
type Options struct {
	// Timeout waits for the file lock; 0 means DefaultOpenTimeout.
	Timeout time.Duration
	// Sealer seals blobs and templates. Nil stores them unsealed (NoopSealer):
	// only for tests and deliberate opt-outs, never on a kiosk.
	Sealer Sealer
	// Now is the clock used for timestamps; nil means time.Now.
	Now func() time.Time
	// Logger receives migration notes; nil means slog.Default().
	Logger *slog.Logger
}

// DB is the kycd database. It is safe for concurrent use.
type DB struct {
	bolt   *bolt.DB
	sealer Sealer
	now    func() time.Time
	log    *slog.Logger
	// outboxN is the outbox's item count, counted once at open and kept by the
	// transactions that add and remove items (on commit): OutboxDepth is read on
	// every /metrics scrape and sync status, and counting walks every page of a
	// queue that grows for as long as the branch is offline.
	outboxN atomic.Int64
}

// Open opens (creating if needed) the database at path with mode 0600 and runs
// pending migrations. Writes are fsynced on commit.
func Open(path string, opts Options) (*DB, error) {
	return openWith(path, opts, migrations())
}

// openWith is Open with an explicit migration list, for tests.
func openWith(path string, opts Options, steps []migration) (*DB, error) {
	opts = opts.withDefaults()
	bdb, err := openBolt(path, opts)
	if err != nil {
		return nil, err
	}
	if err := restrictMode(path, opts.Logger); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("opening db %s: %w", path, err)
	}
	bulk, err := migrate(bdb, steps, opts.Logger)
	if err != nil {
		bdb.Close()
		return nil, fmt.Errorf("opening db %s: %w", path, err)
	}
	if bulk {
		// The migration read the file through the mmap: reopen, so that its
		// pages stop counting in the daemon's resident memory.
		if err := bdb.Close(); err != nil {
			return nil, fmt.Errorf("opening db %s: %w", path, err)
		}
		if bdb, err = openBolt(path, opts); err != nil {
			return nil, err
		}
	}
	db := &DB{bolt: bdb, sealer: opts.Sealer, now: opts.Now, log: opts.Logger}
	if err := db.countOutbox(); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("opening db %s: %w", path, err)
	}
	return db, nil
}

func openBolt(path string, opts Options) (*bolt.DB, error) {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: false})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("opening db %s: %w (waited %s): %w", path, ErrLocked, opts.Timeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("opening db %s: %w", path, err)
	}
	// Batch holds a lone write for MaxBatchDelay (10 ms by default) waiting for company; the
	// daemon's writers rarely arrive together (one verification at a time on two cores), so that
	// wait was pure latency on every sync verification. Writers that do arrive together within a
	// millisecond still share one fsync.
	bdb.MaxBatchDelay = time.Millisecond
	return bdb, nil
}

// restrictMode narrows a database file that group or others can read to
// 0600: records hold personal data in the clear (only blobs are sealed), and
// bbolt does not change the mode of an existing file.
func restrictMode(path string, log *slog.Logger) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	log.Warn("storage file readable by others; restricting to 0600", "path", path, "mode", info.Mode().Perm().String())
	return os.Chmod(path, 0o600)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultOpenTimeout
	}
	if o.Sealer == nil {
		o.Sealer = NoopSealer{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Close releases the file lock. Pending Batch writes finish first.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("closing db: %w", err)
	}
	return nil
}

// Path is the database file.
func (db *DB) Path() string { return db.bolt.Path() }

// view and update map bbolt's closed-database error to ErrClosed.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	return closedErr(db.bolt.View(fn))
}

func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	return closedErr(db.bolt.Update(fn))
}

// batch groups concurrent writers into one transaction. fn may run more than
// once, so it must only touch tx.
func (db *DB) batch(fn func(tx *bolt.Tx) error) error {
	return closedErr(db.bolt.Batch(fn))
}

func closedErr(err error) error {
	if errors.Is(err, bolt.ErrDatabaseNotOpen) {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

// nowUTC is the injected clock, in UTC without monotonic reading, so stored
// times round-trip exactly.
func (db *DB) nowUTC() time.Time { return db.now().UTC() }
