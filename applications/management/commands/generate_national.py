"""生成全国规模数据: `manage.py generate_national --scale N` (see bench/generate.py)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Generates the national data set for benchmarks (scale 1.0: 200,000 enterprises, "
        "1,000,000 cases, 100,000 certificates, 5,000 inspectors). For a dedicated database: "
        "--reset empties users, enterprises, cases, supervision and reports first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national size")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (deterministic)")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="'today' of the data (default: today)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="wipe existing generated (and other) data first"
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep a data set of this scale and seed if there is one (with --reset: "
            "replace any other)",
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(self, *args, scale, seed, as_of, reset, reuse, database, force, **options):
        from bench import generate

        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_national refuses to run with DEBUG off: it writes (and with --reset "
                "wipes) bulk data. Use --force on a dedicated benchmark database."
            )
        if scale <= 0:
            raise CommandError("--scale must be positive")
        marker = generate.existing(database)
        if marker and reuse and marker.get("scale") == scale and marker.get("seed") == seed:
            self.stdout.write(f"reusing the data set of scale {scale} (seed {seed})")
            return
        if marker and not reset:
            raise CommandError(
                f"a generated data set exists (scale {marker.get('scale')}, seed "
                f"{marker.get('seed')}); pass --reset to replace it"
            )
        self.stdout.write(f"generating the national data set at scale {scale} (seed {seed})")
        report = generate.generate(
            scale=scale, seed=seed, as_of=as_of, using=database, reset=reset,
            log=self.stdout.write,
        )  # fmt: skip
        self.stdout.write(f"{'table':<40} {'rows':>10} {'COPY/insert s':>14}")
        for label, rows in sorted(report["counts"].items(), key=lambda kv: -kv[1]):
            seconds = report["copy"].get(label, 0.0)
            self.stdout.write(f"{label:<40} {rows:>10,} {seconds:>14.2f}")
        self.stdout.write(
            self.style.SUCCESS(f"done in {report['phases']['total']:.1f} s (scale {scale})")
        )
