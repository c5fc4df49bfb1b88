"""演示数据 of supervision: inspector-1…8 in the pool (specialities spread over categories)."""

from accounts.models import User
from applications.models import ProductCategory

from .models import PoolMember


def seed_pool() -> None:
    categories = list(ProductCategory.objects.filter(is_active=True).order_by("pk"))
    for number in range(1, 9):
        user = User.objects.get(username=f"inspector-{number}")
        member, _created = PoolMember.objects.get_or_create(
            user=user,
            defaults={"bureau_id": user.bureau_id, "kind": PoolMember.Kind.INSPECTOR},
        )
        member.specialities.set(categories[number % len(categories) :][:3])
