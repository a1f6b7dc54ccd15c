from django.contrib import admin

from athletes.models import Athlete, Club, Invitation, Membership, Squad, StrengthTest


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    inlines = [MembershipInline]


@admin.register(Squad)
class SquadAdmin(admin.ModelAdmin):
    list_display = ("name", "club")
    list_filter = ("club",)


class StrengthTestInline(admin.TabularInline):
    model = StrengthTest
    extra = 0
    readonly_fields = ("estimated_1rm",)


@admin.register(Athlete)
class AthleteAdmin(admin.ModelAdmin):
    list_display = ("name", "club", "squad", "event", "race_date")
    list_filter = ("club", "event", "experience")
    search_fields = ("name",)
    inlines = [StrengthTestInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("club", "email", "created_at", "used_at")
    exclude = ("token_hash",)


admin.site.register(Membership)
