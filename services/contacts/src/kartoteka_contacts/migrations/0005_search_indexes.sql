-- Indexes for contact list shapes that the ones in 0001 serve badly, found by
-- bench/contacts_search.py at 1,000,000 contacts (see bench/README.md).

-- "My contacts in my region": region = R AND manager_id = M, sorted by name. With only
-- contact_manager (manager_id, display_name, id) the page walks the manager's ~20,000 cards
-- and filters the region on the heap, and the total (exact below 100,000 rows) re-reads all of
-- them: 31-73 ms per request at 1M contacts. On both equalities, in list order, the page is
-- one index range (0.2 ms) and the total an index-only count (0.4-1.1 ms).
CREATE INDEX contact_manager_region ON contact (manager_id, region, display_name, id)
    WHERE deleted_at IS NULL;
