-- Images merchants uploaded: the file is stored once under the data folder by the SHA-256 of its
-- bytes (hash, 64 lower-case hex digits); this table says which merchant may use which file, with
-- its type and pixel size as read from the bytes. Two merchants uploading the same file share it.
CREATE TABLE catalog_images (
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    hash TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, hash)
);
-- A product's images in order (the first is the main image), with their alternative text.
CREATE TABLE catalog_product_images (
    product_id BIGINT NOT NULL REFERENCES catalog_products (id),
    position INTEGER NOT NULL,
    hash TEXT NOT NULL,
    media_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, position)
);
