from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class ReviewerUserAdmin(UserAdmin):
    list_display = ["username", "email", "is_staff", "date_joined"]
    fieldsets = UserAdmin.fieldsets + (("Birth (month and year)", {"fields": ["birth_month", "birth_year"]}),)
