"""Compiled kernels of the text vectorizers: tokenizing, interning, n-grams, counting.

Every kernel works on integer arrays: a batch of documents is one array of
code points (``uint8`` for latin-1 text, ``uint32`` otherwise) with document
offsets, a token is a ``(start, end)`` run in it, and tokens, n-grams and
matrix columns are small integers.  Python strings are only made for the
*distinct* terms, by the caller.

Interning state (hash tables and arenas) lives in plain arrays that the caller
keeps between batches; a kernel that may need more room returns the (possibly
reallocated) arrays.
"""

import numpy as np

from ._jit import jit

# FNV-1a (64 bit) constants; the hash only spreads the keys over the table, the
# full key is compared on every probe, so its quality affects speed only.
_FNV_OFFSET = np.uint64(14695981039346656037)
_FNV_PRIME = np.uint64(1099511628211)
# A table slot holds ``tag << 32 | id`` (tag: the high half of the key's hash),
# so that most probes that do not match are rejected without touching the
# key's arrays: on a large vocabulary each array touched is a cache miss.
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


@jit
def _slot(h, mask):
    # MurmurHash3's 64-bit finalizer: the low bits of an FNV hash depend only on
    # the low bits of the characters, which would cluster similar words
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return np.int64(h & np.uint64(mask))


@jit
def _entry(h, i):
    return ((h >> _SHIFT) << _SHIFT) | np.uint64(i)


@jit
def new_table(size):
    """An empty hash table of ``size`` slots (a power of two)."""
    return np.full(size, _EMPTY, dtype=np.uint64)


@jit
def _rehash(size, hashes, n, eligible):
    """A table of ``size`` slots holding the ids ``i < n`` with ``eligible[i]``."""
    table = np.full(size, _EMPTY, dtype=np.uint64)
    mask = size - 1
    for i in range(n):
        if eligible[i]:
            s = _slot(hashes[i], mask)
            while table[s] != _EMPTY:
                s = (s + 1) & mask
            table[s] = _entry(hashes[i], i)
    return table


@jit
def _grow(a, need):
    """``a`` itself when it holds ``need`` rows, else a copy at least twice as long."""
    if need <= a.shape[0]:
        return a
    new = np.empty((max(need, 2 * a.shape[0]),) + a.shape[1:], dtype=a.dtype)
    new[: a.shape[0]] = a
    return new


# The hot loops below never reallocate an array (an array variable reassigned in
# a loop costs reference counting on every iteration, 4x the whole run time
# measured): they stop when an array is full and return where they stopped; a
# driver makes room and resumes.

@jit
def _intern_run(cp, doc_ptr, is_word, min_len, table, u_pos, u_hash, arena, n_uniq,
                arena_used, ids, counts, d, i, n_tok):
    n_docs = doc_ptr.shape[0] - 1
    mask = table.shape[0] - 1
    max_uniq = min(u_pos.shape[0], table.shape[0] // 2)
    while d < n_docs:
        end = doc_ptr[d + 1]
        while i < end:
            if is_word[cp[i]] == 0:
                i += 1
                continue
            start = i
            h = _FNV_OFFSET
            while i < end and is_word[cp[i]] != 0:
                h = (h ^ np.uint64(cp[i])) * _FNV_PRIME
                i += 1
            length = i - start
            if length < min_len:
                continue
            tag = h >> _SHIFT
            s = _slot(h, mask)
            u = -1
            while True:
                e = table[s]
                if e == _EMPTY:
                    break
                if (e >> _SHIFT) == tag:
                    u = np.int64(e & _LOW)
                    a = u_pos[u, 0]
                    if u_pos[u, 1] - a == length:
                        k = 0
                        while k < length and arena[a + k] == cp[start + k]:
                            k += 1
                        if k == length:
                            break
                    u = -1
                s = (s + 1) & mask
            if u < 0:
                if n_uniq >= max_uniq or arena_used + length > arena.shape[0]:
                    return d, start, n_tok, n_uniq, arena_used, False
                u = n_uniq
                arena[arena_used:arena_used + length] = cp[start:i]
                u_pos[u, 0] = arena_used
                u_pos[u, 1] = arena_used + length
                u_hash[u] = h
                arena_used += length
                table[s] = _entry(h, u)
                n_uniq += 1
            ids[n_tok] = u
            n_tok += 1
            counts[d] += 1
        d += 1
        if d < n_docs:
            i = doc_ptr[d]
    return d, i, n_tok, n_uniq, arena_used, True


@jit
def intern_tokens(cp, doc_ptr, is_word, min_len, table, u_pos, u_hash, arena, n_uniq,
                  arena_used):
    """Find the tokens of a batch of documents and give each distinct token an id.

    A token is a maximal run of word characters (``is_word[c] != 0``) of at least
    ``min_len`` characters that does not cross a document boundary: exactly the
    matches of ``\\b\\w\\w+\\b`` (``min_len=2``) or ``\\w+`` (``min_len=1``) in each
    document when ``is_word`` is the regex module's ``\\w``.  Ids are given in
    order of first appearance, continuing the numbering of earlier batches:
    ``n_uniq`` distinct tokens so far, token ``u`` being the code points
    ``arena[u_pos[u, 0]:u_pos[u, 1]]`` (``u_hash[u]`` its hash).

    Returns
    -------
    ids : int32 array, the token ids of the batch in document order
    counts : int64 array, number of tokens of each document
    table, u_pos, u_hash, arena : the interning state (maybe reallocated)
    n_uniq, arena_used : the new totals
    """
    n_docs = doc_ptr.shape[0] - 1
    ids = np.empty(cp.shape[0] // min_len + 1, dtype=np.int32)  # tokens are disjoint runs
    counts = np.zeros(n_docs, dtype=np.int64)
    d, i, n_tok = 0, doc_ptr[0], 0
    while True:
        d, i, n_tok, n_uniq, arena_used, done = _intern_run(
            cp, doc_ptr, is_word, min_len, table, u_pos, u_hash, arena, n_uniq, arena_used,
            ids, counts, d, i, n_tok)
        if done:
            break
        u_pos = _grow(u_pos, n_uniq + 1)
        u_hash = _grow(u_hash, n_uniq + 1)
        arena = _grow(arena, arena_used + doc_ptr[d + 1] - i)
        if 2 * (n_uniq + 1) > table.shape[0]:
            table = _rehash(2 * table.shape[0], u_hash, n_uniq,
                            np.ones(n_uniq, dtype=np.bool_))
    return ids[:n_tok], counts, table, u_pos, u_hash, arena, n_uniq, arena_used


@jit
def _window_hash(stream, pos, n):
    h = _FNV_OFFSET ^ np.uint64(n)
    for k in range(n):
        h = (h ^ np.uint64(stream[pos + k])) * _FNV_PRIME
    return h


@jit
def _ngram_run(stream, tok_counts, min_n, max_n, uni_gid, table, g_pos, g_hash, g_arena,
               n_feat, arena_used, feats, counts, d, n, p, p0, k):
    n_docs = tok_counts.shape[0]
    mask = table.shape[0] - 1
    max_feat = min(g_pos.shape[0], table.shape[0] // 2)
    while d < n_docs:
        length = tok_counts[d]
        while n <= max_n:
            while p <= p0 + length - n:
                if n == 1:
                    t = stream[p]
                    g = np.int64(uni_gid[t])
                    if g < 0:
                        if n_feat >= max_feat or arena_used + 1 > g_arena.shape[0]:
                            return d, n, p, p0, k, n_feat, arena_used, False
                        g = n_feat
                        g_arena[arena_used] = t
                        g_pos[g, 0] = arena_used
                        g_pos[g, 1] = 1
                        g_hash[g] = 0
                        arena_used += 1
                        uni_gid[t] = g
                        n_feat += 1
                else:
                    h = _window_hash(stream, p, n)
                    tag = h >> _SHIFT
                    s = _slot(h, mask)
                    g = -1
                    while True:
                        e = table[s]
                        if e == _EMPTY:
                            break
                        if (e >> _SHIFT) == tag:
                            g = np.int64(e & _LOW)
                            if g_pos[g, 1] == n:
                                a = g_pos[g, 0]
                                j = 0
                                while j < n and g_arena[a + j] == stream[p + j]:
                                    j += 1
                                if j == n:
                                    break
                            g = -1
                        s = (s + 1) & mask
                    if g < 0:
                        if n_feat >= max_feat or arena_used + n > g_arena.shape[0]:
                            return d, n, p, p0, k, n_feat, arena_used, False
                        g = n_feat
                        g_arena[arena_used:arena_used + n] = stream[p:p + n]
                        g_pos[g, 0] = arena_used
                        g_pos[g, 1] = n
                        g_hash[g] = h
                        arena_used += n
                        table[s] = _entry(h, g)
                        n_feat += 1
                feats[k] = g
                k += 1
                counts[d] += 1
                p += 1
            n += 1
            p = p0
        p0 += length
        p = p0
        n = min_n
        d += 1
    return d, n, p, p0, k, n_feat, arena_used, True


@jit
def ngram_features(stream, tok_counts, min_n, max_n, uni_gid, table, g_pos, g_hash, g_arena,
                   n_feat, arena_used):
    """Word n-grams of a batch of token streams, each distinct one with a feature id.

    ``stream`` holds the token ids of consecutive documents (``tok_counts`` of
    each).  For every document, every ``n`` from ``min_n`` to ``max_n`` and every
    position, the n-gram is looked up; a new one gets the next feature id.  This
    visiting order is scikit-learn's (all n-grams of a document, shortest first,
    left to right), so feature ids are in scikit-learn's order of first
    appearance.  Unigrams are looked up in ``uni_gid`` (token id -> feature id,
    -1 when not seen yet; as long as the token ids); longer n-grams in
    ``table``, the n token ids of feature ``g`` being
    ``g_arena[g_pos[g, 0]:g_pos[g, 0] + g_pos[g, 1]]``.

    Returns
    -------
    feats : int32 array of the feature ids, in document order
    counts : int64 array, number of features of each document
    table, g_pos, g_hash, g_arena : the state (maybe reallocated)
    n_feat, arena_used : the new totals
    """
    n_docs = tok_counts.shape[0]
    total = 0
    for d in range(n_docs):
        for n in range(min_n, max_n + 1):
            total += max(tok_counts[d] - n + 1, 0)
    feats = np.empty(total, dtype=np.int32)
    counts = np.zeros(n_docs, dtype=np.int64)
    d, n, p, p0, k = 0, min_n, 0, 0, 0
    while True:
        d, n, p, p0, k, n_feat, arena_used, done = _ngram_run(
            stream, tok_counts, min_n, max_n, uni_gid, table, g_pos, g_hash, g_arena, n_feat,
            arena_used, feats, counts, d, n, p, p0, k)
        if done:
            break
        g_pos = _grow(g_pos, n_feat + 1)
        g_hash = _grow(g_hash, n_feat + 1)
        g_arena = _grow(g_arena, arena_used + max_n)
        if 2 * (n_feat + 1) > table.shape[0]:
            table = _rehash(2 * table.shape[0], g_hash, n_feat, g_pos[:n_feat, 1] > 1)
    return feats, counts, table, g_pos, g_hash, g_arena, n_feat, arena_used


@jit
def accumulate_rows(counts, keys, weights, col_of, sign_of, n_cols, sort_rows=True):
    """Sparse rows from a stream of keys: one row per document, duplicates summed.

    Row ``d`` gathers the next ``counts[d]`` keys; key ``k`` adds
    ``weight * sign_of[k]`` to column ``col_of[k]`` (the key is skipped when its
    column is negative).
    ``weights`` (default 1), ``col_of`` (default: the key itself) and
    ``sign_of`` (default +1) may be None.  Every column touched gets an entry,
    even if its signed sum is 0 (as scikit-learn's hasher keeps it); the entries
    of a row are sorted by column (else, with ``sort_rows=False``, in order of
    first appearance in the row).

    Returns ``(row_nnz, indices, data)``: entries per row (int64), columns
    (int32) and sums (int64).
    """
    n_rows = counts.shape[0]
    n_keys = keys.shape[0]
    row_nnz = np.zeros(n_rows, dtype=np.int64)
    indices = np.empty(n_keys, dtype=np.int32)
    data = np.empty(n_keys, dtype=np.int64)
    last = np.full(n_cols, -1, dtype=np.int64)
    acc = np.zeros(n_cols, dtype=np.int64)
    nnz = 0
    p = 0
    for d in range(n_rows):
        row_start = nnz
        for _ in range(counts[d]):
            key = keys[p]
            w = np.int64(1) if weights is None else np.int64(weights[p])
            p += 1
            c = np.int64(key) if col_of is None else np.int64(col_of[key])
            if c < 0:
                continue
            if sign_of is not None:
                w *= sign_of[key]
            if last[c] != d:
                last[c] = d
                acc[c] = 0
                indices[nnz] = c
                nnz += 1
            acc[c] += w
        if sort_rows:
            indices[row_start:nnz].sort()
        for j in range(row_start, nnz):
            data[j] = acc[indices[j]]
        row_nnz[d] = nnz - row_start
    return row_nnz, indices[:nnz], data[:nnz]
