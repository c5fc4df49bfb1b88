# One image for the web process (gunicorn), the Celery worker and the Celery beat process.
# Build: docker build -t ecoorigin .   Run them together: docker compose up (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0 \
    DATA_DIR=/data \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

# WeasyPrint's libraries (harfbuzz-subset: font subsetting), a CJK font for PDFs, gettext for
# compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-zenhei gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the pins change.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .

# Translations and hashed static files belong to the image. The secret key on this line exists
# only for this build step (settings refuse to start without one when DEBUG is off); it is not
# kept in the image's environment. The real one comes from the environment at run time.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret \
    python manage.py compilemessages -v0 \
    && DJANGO_SECRET_KEY=build-only-not-a-secret \
    python manage.py collectstatic --noinput -v0

# A non-root user, owning only the data directory (uploaded and generated files; a volume in
# docker-compose.yml, which takes this ownership when it is first created).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /data/media \
    && chown -R app:app /data
USER app

EXPOSE 8000

# gunicorn reads its number of workers from WEB_CONCURRENCY; its control socket would go to
# the (read-only) home directory, and nothing uses it.
CMD ["gunicorn", "ecoorigin.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", \
     "--no-control-socket"]
