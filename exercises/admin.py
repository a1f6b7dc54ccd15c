from django.contrib import admin

from exercises.models import Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "category", "pattern", "laterality", "equipment", "club")
    list_filter = ("category", "pattern", "laterality", "equipment", "load_mode")
    search_fields = ("name", "slug")
    raw_id_fields = ("easier", "harder", "club")
