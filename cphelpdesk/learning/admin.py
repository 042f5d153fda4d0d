"""Administration of the learning catalogue: pathways and their translations, steps, module pages, quizzes and
live sessions. (Certificates are issued and revoked through learning's actions, which audit them.)"""

from django.contrib import admin

from cphelpdesk.learning.models import (
    Choice,
    LiveSession,
    ModulePage,
    ModulePageTranslation,
    Pathway,
    PathwayTranslation,
    Question,
    Quiz,
    Step,
    StepTranslation,
)


class PathwayTranslationInline(admin.StackedInline):
    model = PathwayTranslation
    extra = 0


class StepInline(admin.TabularInline):
    model = Step
    fields = ["order", "kind", "title"]
    show_change_link = True
    extra = 0


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "audience", "language", "is_published", "order"]
    list_filter = ["is_published", "audience"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["facilitators"]
    inlines = [PathwayTranslationInline, StepInline]


class StepTranslationInline(admin.StackedInline):
    model = StepTranslation
    extra = 0


class ModulePageInline(admin.TabularInline):
    model = ModulePage
    fields = ["order", "title"]
    show_change_link = True
    extra = 0


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "pathway", "order", "kind"]
    list_filter = ["kind", "pathway"]
    search_fields = ["title"]
    filter_horizontal = ["prerequisites"]
    inlines = [StepTranslationInline, ModulePageInline]


class ModulePageTranslationInline(admin.StackedInline):
    model = ModulePageTranslation
    extra = 0


@admin.register(ModulePage)
class ModulePageAdmin(admin.ModelAdmin):
    list_display = ["title", "step", "order"]
    search_fields = ["title", "body"]
    raw_id_fields = ["resources"]
    inlines = [ModulePageTranslationInline]


class QuestionInline(admin.StackedInline):
    model = Question
    show_change_link = True
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["step", "pass_mark", "max_attempts"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "quiz", "kind"]
    inlines = [ChoiceInline]


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_at", "time_zone", "format", "capacity", "language", "facilitator"]
    list_filter = ["format", "language", "time_zone"]
    autocomplete_fields = ["facilitator"]
