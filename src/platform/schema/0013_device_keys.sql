-- A POS device's key is bound to one of the merchant's locations (inventory_locations: platform keeps
-- the key only; the flow that makes device keys checks that the location is the merchant's shop).
ALTER TABLE platform_api_keys ADD COLUMN location_id BIGINT NULL;
