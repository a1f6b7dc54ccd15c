FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango, and HarfBuzz's subsetter to embed only the glyphs a PDF uses (without
# it, it subsets fonts far more slowly in Python); fonts-inter is the typeface the PDF exports
# embed, and the Noto fonts print names in other scripts (Arabic, Hebrew, Chinese,
# Japanese...) and emoji.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-inter \
       fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The dependencies from pyproject.toml alone, before the code: a change to the code rebuilds
# from `COPY . .` on, without downloading and installing every dependency again.
COPY pyproject.toml ./
RUN pip install . && rm -rf build *.egg-info && useradd --create-home runstrength
COPY . .
RUN mkdir -p /app/media /app/staticfiles && chown -R runstrength /app/media /app/staticfiles

USER runstrength
# The compose file serves with MANIFEST_STATIC=true, whose storage reads the hashed names
# from the manifest that only a collectstatic with the same setting writes.
RUN DEBUG=true MANIFEST_STATIC=true python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
