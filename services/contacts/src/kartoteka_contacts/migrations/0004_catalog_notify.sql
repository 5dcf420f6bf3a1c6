-- Custom field definitions and card layouts are read by nearly every request and change
-- rarely: processes cache them and drop the cache when these notifications arrive.
CREATE FUNCTION catalog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_' || TG_TABLE_SCHEMA, TG_TABLE_NAME);
    RETURN NULL;
END;
$$;

CREATE TRIGGER custom_field_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_field
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify();
CREATE TRIGGER card_layout_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON card_layout
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_notify();
