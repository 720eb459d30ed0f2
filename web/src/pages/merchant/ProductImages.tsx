// A product's images in the editor: files chosen or dropped are sent one by one as they are (the
// server reads their type from the bytes and answers each with its hash); the images are shown as
// thumbnails in their order, the first being the main image, each with its alternative text, moved
// earlier or later, or taken out. Nothing is attached to the product before it is saved.
import { useId, useRef, useState, type DragEvent } from 'react';
import { isApiError, uploadImage } from '../../api';
import { TextField } from '../../components/Form';
import { useFormat } from '../../format';
import { useI18n } from '../../i18n';
import { MAX_IMAGES, rowKey, type ImageRow } from './productForm';
import { useCatalogText } from './productBits';

interface Props {
  merchantId: string;
  images: ImageRow[];
  update: (change: (old: ImageRow[]) => ImageRow[]) => void;
  errors: Record<string, string>;
  /** The server's limit (GET /api/v1/portal/config), or null while unknown. */
  maxBytes: number | null;
}

interface Rejected {
  key: string;
  name: string;
  reason: string;
}

export function ProductImages({ merchantId, images, update, errors, maxBytes }: Props) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useCatalogText();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<string[]>([]);
  const [rejected, setRejected] = useState<Rejected[]>([]);
  const [dragging, setDragging] = useState(false);
  // The images as last rendered: uploads finish one after another, each after a render.
  const current = useRef(images);
  current.current = images;

  const megabytes = (bytes: number) => f.count(Math.floor(bytes / (1024 * 1024)));

  async function send(files: File[]) {
    setRejected([]);
    const refused: Rejected[] = [];
    let room = MAX_IMAGES - current.current.length;
    for (const file of files) {
      const refuse = (reason: string) => {
        refused.push({ key: rowKey('r'), name: file.name, reason });
        setRejected([...refused]);
      };
      if (room <= 0) {
        refuse(t('products.images.tooMany', { n: MAX_IMAGES }));
        continue;
      }
      if (maxBytes !== null && file.size > maxBytes) {
        refuse(t('products.images.tooLarge', { max: megabytes(maxBytes) }));
        continue;
      }
      setUploading((old) => [...old, file.name]);
      try {
        const image = await uploadImage(merchantId, file);
        if (current.current.some((i) => i.hash === image.hash)) {
          refuse(t('products.images.duplicate'));
        } else {
          room -= 1;
          const row = { key: rowKey('i'), hash: image.hash, url: image.url, width: image.width, height: image.height };
          update((old) => (old.some((i) => i.hash === image.hash) ? old : [...old, { ...row, alt: '' }]));
        }
      } catch (e) {
        const fe = isApiError(e) ? e.fieldErrors[0] : undefined;
        if (fe?.code === 'image_too_large' && maxBytes !== null) {
          refuse(t('products.images.tooLarge', { max: megabytes(maxBytes) }));
        } else {
          refuse(fe ? text.field(fe) : text.problem(e));
        }
      } finally {
        setUploading((old) => {
          const i = old.indexOf(file.name);
          return i < 0 ? old : [...old.slice(0, i), ...old.slice(i + 1)];
        });
      }
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) void send(files);
  }

  const move = (key: string, by: number) =>
    update((old) => {
      const from = old.findIndex((i) => i.key === key);
      const to = from + by;
      if (from < 0 || to < 0 || to >= old.length) return old;
      const next = [...old];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    });

  const full = images.length >= MAX_IMAGES;
  return (
    <div className="images" data-testid="images">
      <div
        className={dragging ? 'dropzone dropzone--over' : 'dropzone'}
        data-testid="image-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = full ? 'none' : 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="dropzone__text">{t('products.images.drop', { n: MAX_IMAGES })}</p>
        <input
          ref={inputRef}
          id={inputId}
          className="visually-hidden dropzone__input"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={full}
          aria-describedby={`${inputId}-hint`}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void send(files);
          }}
        />
        <label htmlFor={inputId} className={full ? 'button button--quiet button--disabled' : 'button button--quiet'}>
          {t('products.images.choose')}
        </label>
        <p id={`${inputId}-hint`} className="field__hint">
          {t('products.images.hint', { max: maxBytes === null ? '10' : megabytes(maxBytes), n: MAX_IMAGES })}
        </p>
      </div>
      {uploading.length > 0 && (
        <p className="loading" role="status" data-testid="image-uploading">
          <span className="spinner" aria-hidden="true" />
          {t('products.images.uploading', { name: uploading.join(', ') })}
        </p>
      )}
      {rejected.length > 0 && (
        <ul className="banner banner--error images__rejected" role="alert" data-testid="image-errors">
          {rejected.map((r) => (
            <li key={r.key} data-testid="image-error">
              <strong>{r.name}</strong>: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {errors.images && (
        <p className="field__error" data-testid="field-error">
          {errors.images}
        </p>
      )}
      {images.length === 0 ? (
        <p className="muted">{t('products.images.none')}</p>
      ) : (
        <ol className="image-list">
          {images.map((image, i) => {
            const hashError = errors[`images.${image.key}.hash`];
            return (
              <li key={image.key} className="image-tile" data-testid="image" data-hash={image.hash}>
                <div className="image-tile__picture">
                  <img src={image.url} alt="" width={image.width || undefined} height={image.height || undefined} />
                  {i === 0 && (
                    <span className="badge badge--approved image-tile__main">{t('products.images.main')}</span>
                  )}
                </div>
                {hashError && (
                  <p className="field__error" data-testid="field-error">
                    {hashError}
                  </p>
                )}
                <TextField
                  label={t('products.images.alt', { n: i + 1 })}
                  name={`images[${i}].alt`}
                  value={image.alt}
                  onChange={(alt) => update((old) => old.map((x) => (x.key === image.key ? { ...x, alt } : x)))}
                  error={errors[`images.${image.key}.alt`]}
                  hint={t('products.images.altHint')}
                  maxLength={200}
                  optional
                />
                <div className="image-tile__actions">
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    disabled={i === 0}
                    onClick={() => move(image.key, -1)}
                    aria-label={t('products.images.earlierLabel', { n: i + 1 })}
                  >
                    {t('products.images.earlier')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    disabled={i === images.length - 1}
                    onClick={() => move(image.key, 1)}
                    aria-label={t('products.images.laterLabel', { n: i + 1 })}
                  >
                    {t('products.images.later')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    onClick={() => update((old) => old.filter((x) => x.key !== image.key))}
                    aria-label={t('products.images.removeLabel', { n: i + 1 })}
                  >
                    {t('products.images.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
